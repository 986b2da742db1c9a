package io.bourse.cli;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.ledger.OptionSeries;
import io.bourse.core.types.TokenId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orders and options (docs/market.md): place and cancel orders, write and exercise options, and
 * show one order or one series. The markets' queries are {@link MarketQueries}.
 */
final class MarketCommands {
    private MarketCommands() {
    }

    @Command(name = "order", description = "Place, cancel or show orders on a book (M2, M3).",
            subcommands = {Place.class, Cancel.class, MarketQueries.ShowOrder.class})
    static final class Orders extends Group {
    }

    @Command(name = "place", description = {"Place an order on the book of BASE priced in QUOTE. It is matched in "
        + "its block: a fill is at the resting order's price; a limit order's rest stays on the book, reserving what "
        + "it may spend, until filled, cancelled or past --good-till. Coin is always the quote; a share/share book is "
        + "named lower address first. The order's id is the printed commitment id: see 'order show ID', "
        + "'orders ADDRESS' and 'market book|trades MARKET'."})
    static final class Place extends ClientCommands.Signed {
        @Option(names = "--base", required = true,
                description = "What is bought or sold: a contract's or an option token's address.")
        String base;
        @Option(names = "--quote", defaultValue = "coin", description = "What it is priced in: coin (default) or a contract.")
        String quote;
        @Option(names = "--side", required = true, description = "buy or sell.")
        String side;
        @Option(names = "--type", defaultValue = "limit", description = "limit (default), market, immediate-or-cancel, fill-or-kill.")
        String type;
        @Option(names = "--price", required = true, description = "QUOTE per whole BASE (a market order's worst price).")
        String price;
        @Option(names = "--quantity", required = true)
        String quantity;
        @Option(names = "--good-till", defaultValue = "0", description = "Last height a limit order rests (0: until cancelled).")
        long goodTill;

        public Integer call() throws Exception {
            TokenId b = Args.token(base, "--base");
            TokenId q = Args.token(quote, "--quote");
            if (b.equals(q)) {
                throw Args.bad("--quote", "must differ from --base");
            }
            if (goodTill < 0) {
                throw Args.bad("--good-till", "must not be negative");
            }
            return submitter.submit(c, out(), new Payloads.PlaceOrder(b, q,
                    Args.choice(Payloads.Side.class, side, "--side"), Args.choice(Payloads.OrderType.class, type, "--type"),
                    Args.positiveAmount(price, "--price"), Args.positiveAmount(quantity, "--quantity"), goodTill));
        }
    }

    @Command(name = "cancel", description = {"Cancel a resting order of yours; what it reserved is released."})
    static final class Cancel extends ClientCommands.Signed {
        @Option(names = "--order", required = true, description = "The order's id: the id of the commitment that placed it.")
        String order;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.CancelOrder(Args.hash(order, "--order")));
        }
    }

    @Command(name = "option", description = "Write, exercise, list or show options (M4).",
            subcommands = {Write.class, Exercise.class, MarketQueries.ShowSeries.class, MarketQueries.ListSeries.class})
    static final class Options extends Group {
    }

    @Command(name = "write", description = {"Write fully collateralised options on a contract's shares: a call "
        + "moves --size shares into the series' pool, a put strike × size Coin; you receive --size option tokens, "
        + "which trade on the TOKEN-coin book. Prints the series id (see 'option show SERIES')."})
    static final class Write extends ClientCommands.Signed {
        @Option(names = "--underlying", required = true, description = "The contract whose shares the options are on.")
        String underlying;
        @Option(names = "--type", required = true, description = "call or put.")
        String type;
        @Option(names = "--strike", required = true, description = "Coin per whole share.")
        String strike;
        @Option(names = "--expiry-height", required = true)
        long expiry;
        @Option(names = "--size", required = true, description = "How many shares the options cover.")
        String size;

        public Integer call() throws Exception {
            Payloads.OptionWrite w = new Payloads.OptionWrite(Args.address(underlying, "--underlying"),
                    Args.choice(Payloads.OptionType.class, type, "--type"), Args.positiveAmount(strike, "--strike"),
                    Args.positiveLong(expiry, "--expiry-height"), Args.positiveAmount(size, "--size"));
            return submitter.submit(c, out(), w, ClientCommands.with("series",
                    OptionSeries.idOf(w.underlying(), w.type(), w.strike().units(), w.expiryHeight()).hex()));
        }
    }

    @Command(name = "exercise", description = {"Exercise held options of a series before its expiry height "
        + "(American, physical): a call pays strike × size Coin for --size shares, a put delivers --size shares "
        + "for strike × size Coin. At the expiry height the ledger settles what is left at the mark price."})
    static final class Exercise extends ClientCommands.Signed {
        @Option(names = "--series", required = true, description = "The series id.")
        String series;
        @Option(names = "--size", required = true)
        String size;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.OptionExercise(Args.hash(series, "--series"),
                    Args.positiveAmount(size, "--size")));
        }
    }
}
