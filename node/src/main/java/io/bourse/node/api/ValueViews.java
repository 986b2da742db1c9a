package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.ContractValue;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.node.chain.Chain;
import io.bourse.p2p.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A contract's value per share through time and its performance figures (O6), read from the
 * {@link ValueIndex}; never computed per request beyond the current value (one valuation).
 */
final class ValueViews {
    static final int MAX_POINTS = 10_000;

    private final Chain chain;
    private final ValueIndex index;

    ValueViews(Chain chain, ValueIndex index) {
        this.chain = chain;
        this.index = index;
    }

    /** {@code ?from=H&limit=N}: the points at or above height H, oldest first, at most N (default 1000). */
    ObjectNode history(String addressText, HttpRequest req) {
        Address a = Params.address(addressText, "address");
        long from = Params.query(req, "from").map(t -> Params.height(t, "from")).orElse(0L);
        int limit = Params.nonNegativeInt(req, "limit", 1_000);
        if (limit == 0 || limit > MAX_POINTS) {
            throw new ApiError(400, "bad query parameter", "limit", "1 to " + MAX_POINTS);
        }
        return chain.readState(s -> {
            known(s, a);
            ObjectNode o = head(a);
            List<ValueHistory.Point> all = index.read(a, ValueHistory::points).orElse(List.of());
            List<ValueHistory.Point> shown = all.stream().filter(p -> p.height() >= from).toList();
            o.put("total", all.size());
            ArrayNode points = o.putArray("points");
            for (ValueHistory.Point p : shown) {
                if (points.size() == limit) {
                    o.put("next", p.height());
                    break;
                }
                points.add(point(p));
            }
            return o;
        });
    }

    /** The value now, its change over a day, a week and all time, the largest drawdown and the fees paid. */
    ObjectNode performance(String addressText) {
        Address a = Params.address(addressText, "address");
        return chain.readState(s -> {
            ContractRecord c = known(s, a);
            ContractValue v = ContractValue.of(s, chain.parameters(), c);
            long now = chain.head().header().timestamp().millis();
            ObjectNode o = head(a);
            o.put("timestamp", now);
            o.put("value", v.value().toPlainString());
            o.put("outstanding", v.outstanding().toPlainString());
            if (v.perShareUnits().isPresent()) {
                o.put("valuePerShare", Amount.ofUnits(v.perShareUnits().getAsLong()).toPlainString());
            } else {
                o.putNull("valuePerShare");
            }
            index.read(a, h -> {
                change(o, "change1d", h.change(now, ValueHistory.DAY_MILLIS));
                change(o, "change1w", h.change(now, ValueHistory.WEEK_MILLIS));
                change(o, "changeAllTime", h.changeAllTime());
                o.put("maxDrawdownPpm", h.maxDrawdownPpm());
                if (h.peak() >= 0) {
                    o.put("peakValuePerShare", Amount.ofUnits(h.peak()).toPlainString());
                } else {
                    o.putNull("peakValuePerShare");
                }
                o.put("feesPaidCoin", Amount.ofUnits(h.feesPaidCoin()).toPlainString());
                o.put("feesPaidShares", Amount.ofUnits(h.feesPaidShares()).toPlainString());
                return o;
            }).orElseGet(() -> {
                o.putNull("change1d");
                o.putNull("change1w");
                o.putNull("changeAllTime");
                o.put("maxDrawdownPpm", 0);
                o.putNull("peakValuePerShare");
                o.put("feesPaidCoin", "0");
                o.put("feesPaidShares", "0");
                return o;
            });
            return o;
        });
    }

    private static ContractRecord known(io.bourse.core.state.StateReader s, Address a) {
        return LedgerState.contract(s, a).orElseThrow(() -> new ApiError(404, "unknown contract", "address",
                "no contract at " + a.text()));
    }

    private ObjectNode head(Address a) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("contract", a.text());
        o.put("height", chain.height());
        o.put("since", index.since());
        o.put("complete", index.complete());
        return o;
    }

    private static ObjectNode point(ValueHistory.Point p) {
        ObjectNode x = JsonViews.MAPPER.createObjectNode();
        x.put("height", p.height());
        x.put("timestamp", p.timeMillis());
        x.put("time", Instant.ofEpochMilli(p.timeMillis()).toString());
        x.put("valuePerShare", Amount.ofUnits(p.perShare()).toPlainString());
        return x;
    }

    private static void change(ObjectNode o, String name, Optional<ValueHistory.Change> c) {
        if (c.isEmpty()) {
            o.putNull(name);
            return;
        }
        ObjectNode x = o.putObject(name);
        x.put("ppm", c.get().ppm());
        x.set("from", point(c.get().from()));
    }
}
