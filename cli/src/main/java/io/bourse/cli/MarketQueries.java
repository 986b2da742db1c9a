package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.TokenId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The exchange's queries (docs/api.yaml, /v1/markets, /v1/orders, /v1/options): a market's summary,
 * book, trades and candles; an account's open orders; one order; option series.
 */
final class MarketQueries {
    private MarketQueries() {
    }

    static final String MARKET = "BASE-QUOTE, each 'coin' or a token address (a contract's shares or an option "
            + "token); BASE alone means BASE-coin.";

    @Command(name = "market", description = "Show a market: summary, order book, recent trades, candles (M2–M4).",
            subcommands = {Show.class, Book.class, Trades.class, Candles.class})
    static final class Market extends Group {
    }

    /** The canonical path segment of a market name; each side must be 'coin' or an address (the node checks the rest). */
    static String market(String text) {
        int dash = text.indexOf('-');
        TokenId base = Args.token(dash < 0 ? text : text.substring(0, dash), "MARKET");
        TokenId quote = dash < 0 ? TokenId.COIN : Args.token(text.substring(dash + 1), "MARKET");
        return base.text() + "-" + quote.text();
    }

    static String query(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Command(name = "show", description = "Last trade, best bid and ask, trade count and mark price of a market.")
    static final class Show extends ClientCommands.Base {
        @Parameters(paramLabel = "MARKET", description = MARKET)
        String market;

        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/markets/" + market(market)));
            return 0;
        }
    }

    @Command(name = "book", description = "The order book by price level: asks from the highest down to the best, "
            + "then bids from the best down.")
    static final class Book extends ClientCommands.Base {
        @Parameters(paramLabel = "MARKET", description = MARKET)
        String market;
        @Option(names = "--levels", defaultValue = "20", description = "Price levels per side (default: ${DEFAULT-VALUE}).")
        int levels;

        public Integer call() throws Exception {
            JsonNode r = c.get("/v1/markets/" + market(market) + "/book?levels=" + Args.positiveLong(levels, "--levels"));
            ArrayNode rows = NodeClient.JSON.createArrayNode();
            JsonNode asks = r.path("asks");
            for (int i = asks.size() - 1; i >= 0; i--) {
                rows.add(((ObjectNode) asks.get(i).deepCopy()).put("side", "ask"));
            }
            for (JsonNode b : r.path("bids")) {
                rows.add(((ObjectNode) b.deepCopy()).put("side", "bid"));
            }
            c.printRows(out(), r, rows, List.of("side", "price", "quantity", "orders"));
            return 0;
        }
    }

    @Command(name = "trades", description = "A market's recent trades, newest first (the ledger keeps the last 128).")
    static final class Trades extends ClientCommands.Base {
        @Parameters(paramLabel = "MARKET", description = MARKET)
        String market;
        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        public Integer call() throws Exception {
            JsonNode r = c.get("/v1/markets/" + market(market) + "/trades?limit=" + Args.positiveLong(limit, "--limit"));
            c.printRows(out(), r, r.path("trades"), List.of("height", "time", "price", "quantity", "takerSide"));
            return 0;
        }
    }

    @Command(name = "candles", description = "OHLCV candles by block time, oldest first; a period without trades has "
            + "no candle.")
    static final class Candles extends ClientCommands.Base {
        @Parameters(paramLabel = "MARKET", description = MARKET)
        String market;
        @Option(names = "--period", defaultValue = "1m", description = "1m, 15m, 4h, 1d, 1w or milliseconds: a "
                + "multiple of a minute (default: ${DEFAULT-VALUE}).")
        String period;
        @Option(names = "--from", description = "Start (inclusive): an ISO-8601 instant like 2030-01-01T00:00:00Z, or "
                + "epoch milliseconds.")
        String from;
        @Option(names = "--to", description = "End (exclusive), as --from.")
        String to;

        public Integer call() throws Exception {
            StringBuilder q = new StringBuilder("?").append(query("period", period));
            if (from != null) {
                q.append('&').append(query("from", from));
            }
            if (to != null) {
                q.append('&').append(query("to", to));
            }
            JsonNode r = c.get("/v1/markets/" + market(market) + "/candles" + q);
            c.printRows(out(), r, r.path("candles"), List.of("time", "open", "high", "low", "close", "baseVolume",
                    "quoteVolume", "trades"));
            return 0;
        }
    }

    @Command(name = "orders", description = "An account's (or a contract's) resting orders.")
    static final class OpenOrders extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        public Integer call() throws Exception {
            Address a = Args.address(address, "ADDRESS");
            JsonNode r = c.get("/v1/accounts/" + a.text() + "/orders");
            c.printRows(out(), r, r.path("orders"), List.of("id", "side", "price", "remaining", "quantity", "market"));
            return 0;
        }
    }

    @Command(name = "show", description = "Show a resting order: its market, side, price, what is left and what it "
            + "reserves. An order that filled, was cancelled or expired no longer rests ('commitment ID' shows how it "
            + "was placed).")
    static final class ShowOrder extends ClientCommands.Base {
        @Parameters(paramLabel = "ID", description = "The order's id: the id of the commitment that placed it.")
        String id;

        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/orders/" + Args.hash(id, "ID").hex()));
            return 0;
        }
    }

    @Command(name = "show", description = "Show an option series: terms, open interest, pool, its token's market and "
            + "holders.")
    static final class ShowSeries extends ClientCommands.Base {
        @Parameters(paramLabel = "SERIES", description = "The series id ('option write' prints it) or the option "
                + "token's address.")
        String series;

        public Integer call() throws Exception {
            String s = series.startsWith(Address.PREFIX) ? Args.address(series, "SERIES").text()
                    : Args.hash(series, "SERIES").hex();
            c.print(out(), c.get("/v1/options/" + s));
            return 0;
        }
    }

    @Command(name = "list", description = "List the option series written, by id.")
    static final class ListSeries extends ClientCommands.Base {
        @Option(names = "--underlying", description = "Only series on this contract.")
        String underlying;
        @Option(names = "--settled", arity = "1", description = "true: only settled series; false: only live ones.")
        Boolean settled;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--after", description = "Only series after this id (paging).")
        String after;

        public Integer call() throws Exception {
            StringBuilder q = new StringBuilder("?limit=").append(Args.positiveLong(limit, "--limit"));
            if (underlying != null) {
                q.append("&underlying=").append(Args.address(underlying, "--underlying").text());
            }
            if (settled != null) {
                q.append("&settled=").append(settled);
            }
            if (after != null) {
                q.append("&after=").append(Args.hash(after, "--after").hex());
            }
            JsonNode r = c.get("/v1/options" + q);
            c.printRows(out(), r, r.path("series"), List.of("id", "type", "strike", "expiryHeight", "openInterest",
                    "settled", "underlying"));
            return 0;
        }
    }
}
