package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.ledger.Market;
import io.bourse.core.ledger.MarketRecord;
import io.bourse.core.ledger.RestingOrder;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.node.chain.Chain;
import io.bourse.p2p.http.HttpRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API's reads of the exchange (docs/market.md "Queries"): a market's summary, depth, recent
 * trades and candles, open orders and single orders. Markets are named by {@link MarketName}. Each
 * read runs under the chain's lock ({@link Chain#readState}) and says at which height. Prices are
 * quote per whole base token and, like every amount, decimal strings; a price that does not exist
 * (no trade yet, an empty side) is null.
 */
final class MarketViews {
    static final int MAX_LEVELS = 500;
    static final int MAX_CANDLES = 1_000;

    private final Chain chain;

    MarketViews(Chain chain) {
        this.chain = chain;
    }

    /** Last trade, best bid and ask, trade count, and for a Coin book the base token's mark price. */
    ObjectNode market(String name) {
        return read(name, (s, m) -> {
            ObjectNode o = head(m);
            MarketRecord r = Market.record(s, m.base(), m.quote());
            price(o, "lastPrice", r.lastPrice());
            if (r.lastTradeHeight() > 0) {
                o.put("lastTradeHeight", r.lastTradeHeight());
            } else {
                o.putNull("lastTradeHeight");
            }
            price(o, "bestBid", r.bestBid());
            price(o, "bestAsk", r.bestAsk());
            o.put("trades", r.trades());
            if (m.quote().isCoin()) {
                o.put("markPrice", Market.markPrice(s, chain.parameters(), m.base()).toPlainString());
            }
            return o;
        });
    }

    /** {@code ?levels=N} (default 20) price levels per side, best first. */
    ObjectNode book(String name, HttpRequest req) {
        int levels = bounded(req, "levels", 20, MAX_LEVELS);
        return read(name, (s, m) -> {
            Market.Depth d = Market.depth(s, m.base(), m.quote(), levels);
            ObjectNode o = head(m);
            o.put("levels", levels);
            o.set("bids", levels(d.bids()));
            o.set("asks", levels(d.asks()));
            return o;
        });
    }

    /** {@code ?limit=N} (default 50, at most {@link Market#RECENT_TRADES}) trades, newest first. */
    ObjectNode trades(String name, HttpRequest req) {
        int limit = bounded(req, "limit", 50, Market.RECENT_TRADES);
        return read(name, (s, m) -> {
            ObjectNode o = head(m);
            ArrayNode a = o.putArray("trades");
            for (Market.Trade t : Market.recentTrades(s, m.base(), m.quote(), limit)) {
                ObjectNode x = a.addObject();
                x.put("height", t.height());
                x.put("timestamp", t.timestampMillis());
                x.put("time", Instant.ofEpochMilli(t.timestampMillis()).toString());
                x.put("price", t.price().toPlainString());
                x.put("quantity", t.quantity().toPlainString());
                x.put("value", Amount.cost(t.price(), t.quantity(), Amount.Rounding.DOWN).toPlainString());
                x.put("takerSide", t.takerSide().name().toLowerCase(Locale.ROOT));
                x.put("maker", t.maker().text());
                x.put("taker", t.taker().text());
            }
            return o;
        });
    }

    /**
     * OHLCV candles over [{@code from}, {@code to}) (epoch milliseconds or ISO-8601 instants; default:
     * all time) of {@code period} (milliseconds, or 1m, 15m, 4h, 1d…; a multiple of a minute; default
     * 1m), oldest first; at most the newest {@link #MAX_CANDLES} ({@code truncated} says so). A period
     * without trades has no candle.
     */
    ObjectNode candles(String name, HttpRequest req) {
        long from = instant(req, "from", 0);
        long to = instant(req, "to", Long.MAX_VALUE);
        long period = period(req);
        if (to <= from) {
            throw new ApiError(400, "bad query parameter", "to", "must be after from");
        }
        return read(name, (s, m) -> {
            List<Market.Candle> all = Market.candles(s, m.base(), m.quote(), from, to, period);
            List<Market.Candle> shown = all.subList(Math.max(0, all.size() - MAX_CANDLES), all.size());
            ObjectNode o = head(m);
            o.put("period", period);
            o.put("from", from);
            o.put("to", to);
            o.put("truncated", shown.size() < all.size());
            ArrayNode a = o.putArray("candles");
            for (Market.Candle c : shown) {
                a.addObject().put("start", c.startMillis()).put("time", Instant.ofEpochMilli(c.startMillis()).toString())
                        .put("open", c.open().toPlainString()).put("high", c.high().toPlainString())
                        .put("low", c.low().toPlainString()).put("close", c.close().toPlainString())
                        .put("baseVolume", c.baseVolume().toPlainString())
                        .put("quoteVolume", c.quoteVolume().toPlainString()).put("trades", c.trades());
            }
            return o;
        });
    }

    /** An account's (or contract's) resting orders, by order id. */
    ObjectNode openOrders(String addressText) {
        Address a = Params.address(addressText, "address");
        return chain.readState(s -> {
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("address", a.text());
            o.put("height", chain.height());
            ArrayNode items = o.putArray("orders");
            Market.openOrders(s, a).forEach(r -> items.add(order(r)));
            return o;
        });
    }

    /** A resting order by id; one that filled, was cancelled or expired no longer rests (404). */
    ObjectNode order(String idText) {
        Hash id = Params.hash(idText, "id");
        return chain.readState(s -> {
            RestingOrder r = Market.order(s, id).orElseThrow(() -> new ApiError(404, "no resting order " + id.hex(),
                    "id", "it filled, was cancelled or expired, or was never placed; /v1/commitments/{id} shows the "
                            + "placing commitment's receipt"));
            ObjectNode o = order(r);
            o.put("height", chain.height());
            return o;
        });
    }

    static ObjectNode order(RestingOrder r) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", r.id().hex());
        o.put("owner", r.owner().text());
        o.put("market", new MarketName(r.base(), r.quote()).text());
        o.put("base", r.base().text());
        o.put("quote", r.quote().text());
        o.put("side", r.side().name().toLowerCase(Locale.ROOT));
        o.put("price", Amount.ofUnits(r.price()).toPlainString());
        o.put("quantity", Amount.ofUnits(r.quantity()).toPlainString());
        o.put("remaining", Amount.ofUnits(r.remaining()).toPlainString());
        o.put("filled", Amount.ofUnits(r.quantity() - r.remaining()).toPlainString());
        o.put("reserved", Amount.ofUnits(r.reserved()).toPlainString());
        o.put("reservedToken", r.reservedToken().text());
        o.put("goodTillHeight", r.goodTillHeight());
        o.put("placedHeight", r.placedHeight());
        o.put("sequence", r.seq());
        return o;
    }

    private <T> T read(String name, java.util.function.BiFunction<StateReader, MarketName, T> view) {
        MarketName.parse(name); // malformed names are refused before taking the lock
        return chain.readState(s -> view.apply(s, MarketName.known(name, s)));
    }

    private ObjectNode head(MarketName m) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("market", m.text());
        o.put("base", m.base().text());
        o.put("quote", m.quote().text());
        o.put("height", chain.height());
        return o;
    }

    private static ArrayNode levels(List<Market.DepthLevel> side) {
        ArrayNode a = JsonViews.MAPPER.createArrayNode();
        side.forEach(l -> a.addObject().put("price", l.price().toPlainString())
                .put("quantity", l.quantity().toPlainString()).put("orders", l.orders()));
        return a;
    }

    private static void price(ObjectNode o, String name, long units) {
        if (units > 0) {
            o.put(name, Amount.ofUnits(units).toPlainString());
        } else {
            o.putNull(name);
        }
    }

    /** A query integer in 1..max, or {@code dflt} when absent. */
    static int bounded(HttpRequest req, String name, int dflt, int max) {
        int v = Params.nonNegativeInt(req, name, dflt);
        if (v < 1 || v > max) {
            throw new ApiError(400, "bad query parameter", name, "1 to " + max);
        }
        return v;
    }

    private static long instant(HttpRequest req, String name, long dflt) {
        return query(req, name, dflt, t -> t.matches("[0-9]{1,18}") ? Long.parseLong(t) : Instant.parse(t).toEpochMilli(),
                "epoch milliseconds or an ISO-8601 instant like 2030-01-01T00:00:00Z");
    }

    private static long period(HttpRequest req) {
        long p = query(req, "period", Market.CANDLE_MILLIS, t -> {
            if (t.matches("[0-9]{1,18}")) {
                return Long.parseLong(t);
            }
            if (!t.matches("[0-9]{1,9}[mhdw]")) {
                throw new IllegalArgumentException();
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return n * switch (t.charAt(t.length() - 1)) {
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> 604_800_000L;
            };
        }, "milliseconds or 1m, 15m, 4h, 1d, 1w: a positive multiple of a minute");
        if (p <= 0 || p % Market.CANDLE_MILLIS != 0) {
            throw new ApiError(400, "bad query parameter", "period", "a positive multiple of a minute ("
                    + Market.CANDLE_MILLIS + " ms)");
        }
        return p;
    }

    private static long query(HttpRequest req, String name, long dflt, Function<String, Long> parse, String expected) {
        Optional<String> v = Params.query(req, name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return parse.apply(v.get());
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new ApiError(400, "bad query parameter", name, expected + ", got '" + Params.shorten(v.get()) + "'");
        }
    }
}
