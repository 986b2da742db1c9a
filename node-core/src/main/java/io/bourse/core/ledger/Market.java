package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read side of the exchange (docs/market.md): mark prices, depth, open orders, recent trades,
 * candles, option series. Everything reads the state only; the scans are for queries, not for the
 * state transition's hot paths.
 */
public final class Market {
    /** Trades kept per book for {@link #recentTrades}. */
    public static final int RECENT_TRADES = 128;
    /** Candle period of the stored candles; {@link #candles} aggregates them to longer periods. */
    public static final long CANDLE_MILLIS = 60_000;

    /** One fill: {@code maker} owned the resting order, {@code taker} the incoming one. */
    public record Trade(long height, long timestampMillis, Amount price, Amount quantity, Side takerSide, Address maker,
                        Address taker) {
    }

    public record Candle(long startMillis, Amount open, Amount high, Amount low, Amount close, Amount baseVolume,
                         Amount quoteVolume, long trades) {
    }

    public record DepthLevel(Amount price, Amount quantity, int orders) {
    }

    public record Depth(List<DepthLevel> bids, List<DepthLevel> asks) {
    }

    private Market() {
    }

    public static MarketRecord record(StateReader s, TokenId base, TokenId quote) {
        return s.get(StateKeys.market(base, quote)).map(MarketRecord::fromBytes).orElse(MarketRecord.EMPTY);
    }

    public static Optional<OptionSeries> series(StateReader s, TokenId optionToken) {
        return s.get(StateKeys.series(optionToken)).map(OptionSeries::fromBytes);
    }

    public static Optional<OptionSeries> seriesById(StateReader s, Hash seriesId) {
        return series(s, OptionSeries.token(seriesId));
    }

    /**
     * The mark price of a token in Coin per whole token (M5, K9): the last trade on its Coin book;
     * without one, the mid of the best bid and ask (rounded down) when both exist; without those, a
     * contract's direct-sale price in force, and 0 for an option. Coin itself is 1.
     */
    public static Amount markPrice(StateReader s, NetworkParameters p, TokenId token) {
        if (token.isCoin()) {
            return Amount.ONE;
        }
        MarketRecord m = record(s, token, TokenId.COIN);
        if (m.lastPrice() > 0) {
            return Amount.ofUnits(m.lastPrice());
        }
        if (m.bestBid() > 0 && m.bestAsk() > 0) {
            return Amount.ofUnits(m.bestBid() / 2 + m.bestAsk() / 2 + (m.bestBid() % 2 + m.bestAsk() % 2) / 2);
        }
        return LedgerState.contract(s, token.contract()).map(c -> Contracts.effectivePrice(c, p)).orElse(Amount.ZERO);
    }

    /** A holder's position valued at mark prices: total (Coin + other tokens) and invested (other contracts' shares). */
    public record Valuation(Amount total, Amount invested) {
        /** Whether this ratio invested ÷ total is below {@code ppm} parts per million. */
        boolean below(long ppm) {
            return BigInteger.valueOf(invested.units()).multiply(BigInteger.valueOf(Amount.PPM))
                    .compareTo(BigInteger.valueOf(total.units()).multiply(BigInteger.valueOf(ppm))) < 0;
        }

        /** Whether this ratio is lower than {@code o}'s. */
        boolean lowerThan(Valuation o) {
            return BigInteger.valueOf(invested.units()).multiply(BigInteger.valueOf(o.total.units()))
                    .compareTo(BigInteger.valueOf(o.invested.units()).multiply(BigInteger.valueOf(total.units()))) < 0;
        }

        long ppm() {
            return total.isZero() ? 0 : Amount.mulDiv(invested.units(), Amount.PPM, total.units(), Amount.Rounding.DOWN);
        }
    }

    /**
     * K9: a contract's value at mark prices. Shares its resting sell orders reserve count in the
     * total but not as invested (they are on their way out). Its own shares count for nothing.
     * Public for the dev kit's backtest (O7), which reports value per share with the ledger's own valuation.
     */
    public static Valuation valuation(StateReader s, NetworkParameters p, Address contract) {
        Amount total = Amount.ZERO;
        Amount invested = Amount.ZERO;
        for (Map.Entry<TokenId, Amount> h : LedgerState.holdings(s, contract).entrySet()) {
            TokenId tok = h.getKey();
            if (tok.isCoin()) {
                total = total.plus(h.getValue());
            } else if (!tok.contract().equals(contract)) {
                Amount mark = markPrice(s, p, tok);
                total = total.plus(Amount.cost(mark, h.getValue(), Amount.Rounding.DOWN));
                if (Tokens.isContract(s, tok.contract())) {
                    Amount free = h.getValue().minus(LedgerState.reserved(s, contract, tok));
                    invested = invested.plus(Amount.cost(mark, free, Amount.Rounding.DOWN));
                }
            }
        }
        return new Valuation(total, invested);
    }

    static void recordTrade(StateOverlay s, TokenId base, TokenId quote, BlockContext ctx, long price, long qty,
                            Side takerSide, Address maker, Address taker) {
        MarketRecord m = record(s, base, quote);
        long n = m.trades();
        s.put(StateKeys.market(base, quote), new MarketRecord(price, ctx.height(), m.bestBid(), m.bestAsk(), n + 1)
                .toBytes());
        Writer w = new Writer(41 + 2 * 20).i64(ctx.height()).i64(ctx.timestampMillis()).i64(price).i64(qty)
                .u8(takerSide.code());
        maker.encode(w);
        taker.encode(w);
        s.put(StateKeys.trade(base, quote, n), w.toByteArray());
        if (n >= RECENT_TRADES) {
            s.delete(StateKeys.trade(base, quote, n - RECENT_TRADES));
        }
        long start = ctx.timestampMillis() - Math.floorMod(ctx.timestampMillis(), CANDLE_MILLIS);
        Bytes key = StateKeys.candle(base, quote, start);
        long value = io.bourse.core.market.MarketRules.value(price, qty);
        Candle c = s.get(key).map(Market::candle)
                .map(o -> new Candle(start, o.open(), Amount.ofUnits(Math.max(o.high().units(), price)),
                        Amount.ofUnits(Math.min(o.low().units(), price)), Amount.ofUnits(price),
                        o.baseVolume().plus(Amount.ofUnits(qty)), o.quoteVolume().plus(Amount.ofUnits(value)),
                        o.trades() + 1))
                .orElse(new Candle(start, Amount.ofUnits(price), Amount.ofUnits(price), Amount.ofUnits(price),
                        Amount.ofUnits(price), Amount.ofUnits(qty), Amount.ofUnits(value), 1));
        s.put(key, new Writer(64).i64(c.startMillis()).i64(c.open().units()).i64(c.high().units()).i64(c.low().units())
                .i64(c.close().units()).i64(c.baseVolume().units()).i64(c.quoteVolume().units()).i64(c.trades())
                .toByteArray());
    }

    private static Candle candle(byte[] b) {
        Reader r = new Reader(b);
        return new Candle(r.i64("start"), Amount.decode(r, "open"), Amount.decode(r, "high"), Amount.decode(r, "low"),
                Amount.decode(r, "close"), Amount.decode(r, "baseVolume"), Amount.decode(r, "quoteVolume"),
                r.u63("trades"));
    }

    /** The last {@code n} (at most {@link #RECENT_TRADES}) trades of a book, newest first. */
    public static List<Trade> recentTrades(StateReader s, TokenId base, TokenId quote, int n) {
        long total = record(s, base, quote).trades();
        List<Trade> out = new ArrayList<>();
        for (long i = total - 1; i >= 0 && i >= total - Math.min(n, RECENT_TRADES); i--) {
            s.get(StateKeys.trade(base, quote, i)).ifPresent(b -> {
                Reader r = new Reader(b);
                out.add(new Trade(r.i64("height"), r.i64("time"), Amount.decode(r, "price"), Amount.decode(r, "qty"),
                        Side.fromCode(r.u8("side")), Address.decode(r, "maker"), Address.decode(r, "taker")));
            });
        }
        return out;
    }

    /** OHLCV candles of {@code periodMillis} (a multiple of one minute) over [fromMillis, toMillis), oldest first. */
    public static List<Candle> candles(StateReader s, TokenId base, TokenId quote, long fromMillis, long toMillis,
                                       long periodMillis) {
        if (periodMillis <= 0 || periodMillis % CANDLE_MILLIS != 0) {
            throw new IllegalArgumentException("the period is a positive multiple of " + CANDLE_MILLIS + " ms");
        }
        List<Candle> out = new ArrayList<>();
        for (byte[] v : s.scan(StateKeys.candlePrefix(base, quote)).values()) {
            Candle c = candle(v);
            if (c.startMillis() < fromMillis || c.startMillis() >= toMillis) {
                continue;
            }
            long start = c.startMillis() - Math.floorMod(c.startMillis(), periodMillis);
            Candle last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.startMillis() == start) {
                out.set(out.size() - 1, new Candle(start, last.open(), Amount.ofUnits(Math.max(last.high().units(),
                        c.high().units())), Amount.ofUnits(Math.min(last.low().units(), c.low().units())), c.close(),
                        last.baseVolume().plus(c.baseVolume()), last.quoteVolume().plus(c.quoteVolume()),
                        last.trades() + c.trades()));
            } else {
                out.add(new Candle(start, c.open(), c.high(), c.low(), c.close(), c.baseVolume(), c.quoteVolume(),
                        c.trades()));
            }
        }
        return out;
    }

    /** Every resting order of a book in priority order: bids best first, then asks best first. */
    public static List<RestingOrder> orders(StateReader s, TokenId base, TokenId quote) {
        return s.scan(StateKeys.orderPrefix(base, quote)).values().stream().map(RestingOrder::fromBytes).toList();
    }

    /** The book aggregated by price, up to {@code levels} per side. */
    public static Depth depth(StateReader s, TokenId base, TokenId quote, int levels) {
        List<DepthLevel> bids = new ArrayList<>();
        List<DepthLevel> asks = new ArrayList<>();
        for (RestingOrder o : orders(s, base, quote)) {
            List<DepthLevel> side = o.buy() ? bids : asks;
            DepthLevel last = side.isEmpty() ? null : side.get(side.size() - 1);
            if (last != null && last.price().units() == o.price()) {
                side.set(side.size() - 1, new DepthLevel(last.price(), last.quantity().plus(Amount.ofUnits(o.remaining())),
                        last.orders() + 1));
            } else if (side.size() < levels) {
                side.add(new DepthLevel(Amount.ofUnits(o.price()), Amount.ofUnits(o.remaining()), 1));
            }
        }
        return new Depth(bids, asks);
    }

    /** The resting orders of {@code owner} (a key holder or a contract), by order id. */
    public static List<RestingOrder> openOrders(StateReader s, Address owner) {
        List<RestingOrder> out = new ArrayList<>();
        for (Bytes k : s.scan(StateKeys.openOrderPrefix(owner)).keySet()) {
            byte[] raw = k.unsafeValue();
            Hash id = new Hash(java.util.Arrays.copyOfRange(raw, 1 + Address.LENGTH, raw.length));
            order(s, id).ifPresent(out::add);
        }
        return out;
    }

    /** A resting order by id. */
    public static Optional<RestingOrder> order(StateReader s, Hash id) {
        return s.get(StateKeys.orderId(id)).flatMap(k -> s.get(Bytes.of(k))).map(RestingOrder::fromBytes);
    }

    /**
     * The id of the order a contract places as action {@code index} of its result for
     * {@code forHeight}: SHA-256("bourse/contract-order" | contract | u64 forHeight | u32 index), so
     * the contract knows it in advance and can cancel it later.
     */
    public static Hash contractOrderId(Address contract, long forHeight, int index) {
        return Hash.of("bourse/contract-order".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                contract.unsafeBytes(), StateKeys.u64(forHeight), new Writer(4).u32(index).toByteArray());
    }
}
