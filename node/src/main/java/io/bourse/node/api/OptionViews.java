package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Market;
import io.bourse.core.ledger.MarketRecord;
import io.bourse.core.ledger.OptionSeries;
import io.bourse.core.ledger.StateKeys;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.node.chain.Chain;
import io.bourse.p2p.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The API's reads of option series (M4, docs/market.md "Options"). A series is named by its id (64
 * lower-case hex digits) or by its option token's address. The list is a prefix scan of the series table: it
 * probes every bucket of the state, like the contract list, so it pages and is for the API only.
 */
final class OptionViews {
    static final int MAX_PAGE = 1_000;
    static final int MAX_HOLDERS_SHOWN = 1_000;

    private final Chain chain;

    OptionViews(Chain chain) {
        this.chain = chain;
    }

    /** Every series sorted by id; {@code ?underlying=ADDRESS}, {@code ?settled=true|false}, {@code ?after=ID&limit=N}. */
    ObjectNode list(HttpRequest req) {
        int limit = MarketViews.bounded(req, "limit", 100, MAX_PAGE);
        Hash after = Params.query(req, "after").map(t -> Params.hash(t, "after")).orElse(null);
        Address underlying = Params.query(req, "underlying").map(t -> Params.address(t, "underlying")).orElse(null);
        Boolean settled = Params.query(req, "settled").map(OptionViews::bool).orElse(null);
        return chain.readState(s -> {
            List<OptionSeries> all = new ArrayList<>(all(s));
            all.removeIf(x -> underlying != null && !x.underlying().equals(underlying)
                    || settled != null && x.settled() != settled);
            all.sort(Comparator.comparing(OptionSeries::id));
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("height", chain.height());
            o.put("total", all.size());
            ArrayNode items = o.putArray("series");
            for (OptionSeries x : all) {
                if (after != null && x.id().compareTo(after) <= 0) {
                    continue;
                }
                if (items.size() == limit) {
                    o.put("next", items.get(items.size() - 1).get("id").asText());
                    break;
                }
                items.add(summary(x));
            }
            return o;
        });
    }

    /** One series: its terms, open interest, pool, the option token's book, and its holders. */
    ObjectNode series(String text) {
        return chain.readState(s -> {
            OptionSeries x = find(s, text);
            NetworkParameters p = chain.parameters();
            ObjectNode o = summary(x);
            o.put("height", chain.height());
            o.put("underlyingMarkPrice", Market.markPrice(s, p, TokenId.shareOf(x.underlying())).toPlainString());
            o.put("markPrice", Market.markPrice(s, p, x.token()).toPlainString());
            MarketRecord r = Market.record(s, x.token(), TokenId.COIN);
            o.put("lastPrice", r.lastPrice() > 0 ? Amount.ofUnits(r.lastPrice()).toPlainString() : null);
            o.put("bestBid", r.bestBid() > 0 ? Amount.ofUnits(r.bestBid()).toPlainString() : null);
            o.put("bestAsk", r.bestAsk() > 0 ? Amount.ofUnits(r.bestAsk()).toPlainString() : null);
            ObjectNode pool = o.putObject("poolHoldings");
            LedgerState.holdings(s, x.pool()).forEach((t, a) -> pool.put(t.text(), a.toPlainString()));
            SortedMap<Address, Amount> holders = LedgerState.holders(s, x.token());
            o.put("holderCount", holders.size());
            ObjectNode shown = o.putObject("holders");
            holders.entrySet().stream().limit(MAX_HOLDERS_SHOWN)
                    .forEach((Map.Entry<Address, Amount> e) -> shown.put(e.getKey().text(), e.getValue().toPlainString()));
            return o;
        });
    }

    static ObjectNode summary(OptionSeries x) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("id", x.id().hex());
        o.put("token", x.token().text());
        o.put("market", new MarketName(x.token(), TokenId.COIN).text());
        o.put("underlying", x.underlying().text());
        o.put("type", x.type().name().toLowerCase(Locale.ROOT));
        o.put("strike", Amount.ofUnits(x.strike()).toPlainString());
        o.put("expiryHeight", x.expiryHeight());
        o.put("written", Amount.ofUnits(x.written()).toPlainString());
        o.put("openInterest", Amount.ofUnits(x.open()).toPlainString());
        o.put("settled", x.settled());
        if (x.settled()) {
            o.put("settlementPrice", Amount.ofUnits(x.settlementPrice()).toPlainString());
        }
        o.put("pool", x.pool().text());
        return o;
    }

    private static OptionSeries find(StateReader s, String text) {
        Optional<OptionSeries> x;
        if (text.startsWith(Address.PREFIX)) {
            x = Market.series(s, TokenId.shareOf(Params.address(text, "series")));
        } else if (text.matches("[0-9a-fA-F]{64}")) {
            x = Market.seriesById(s, Params.hash(text, "series"));
        } else {
            throw new ApiError(400, "bad series", "series", "a series id (64 lower-case hex digits) or an option token "
                    + "address, got '" + Params.shorten(text) + "'");
        }
        return x.orElseThrow(() -> new ApiError(404, "unknown option series", "series", "no series "
                + Params.shorten(text) + " has been written"));
    }

    /**
     * Every series: the keys of the series table are its tag and the option token's address (the
     * tag is the first byte of any {@link StateKeys#series} key), each read back through the ledger.
     */
    private static List<OptionSeries> all(StateReader s) {
        byte tag = StateKeys.series(TokenId.COIN).unsafeValue()[0];
        List<OptionSeries> out = new ArrayList<>();
        for (Bytes k : s.scan(Bytes.of(new byte[] {tag})).keySet()) {
            byte[] raw = k.unsafeValue();
            if (raw.length == 1 + Address.LENGTH) {
                Market.series(s, TokenId.shareOf(new Address(Arrays.copyOfRange(raw, 1, raw.length)))).ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean bool(String t) {
        return switch (t) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiError(400, "bad query parameter", "settled", "true or false");
        };
    }
}
