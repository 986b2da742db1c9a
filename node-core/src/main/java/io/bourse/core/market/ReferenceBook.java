package io.bourse.core.market;

import io.bourse.core.commitment.Payloads.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The obviously correct book the fast {@link OrderBook} is checked against: sorted maps of price
 * to a list of orders in arrival order. Slow and simple on purpose; used by tests only (it lives
 * in main so that other modules' tests can use it too).
 */
public final class ReferenceBook implements MatchingBook {
    private static final class Order {
        final long id;
        final long owner;
        final Side side;
        final long price;
        long remaining;

        Order(long id, long owner, Side side, long price, long remaining) {
            this.id = id;
            this.owner = owner;
            this.side = side;
            this.price = price;
            this.remaining = remaining;
        }
    }

    private final TreeMap<Long, List<Order>> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, List<Order>> asks = new TreeMap<>();
    private final Map<Long, Order> byId = new HashMap<>();

    @Override
    public long place(long id, long owner, Side side, long price, long quantity, TimeInForce tif,
                      MatchListener listener) {
        TreeMap<Long, List<Order>> against = side == Side.BUY ? asks : bids;
        // bids are kept best (highest) first, asks best (lowest) first: the head up to the limit is what crosses
        NavigableMap<Long, List<Order>> reachable = against.headMap(price, true);
        if (tif == TimeInForce.FOK) {
            long available = 0;
            for (List<Order> level : reachable.values()) {
                for (Order o : level) {
                    if (o.owner != owner) {
                        available += o.remaining;
                    }
                }
            }
            if (available < quantity) {
                return KILLED;
            }
        }
        long left = quantity;
        while (left > 0 && !reachable.isEmpty()) {
            Map.Entry<Long, List<Order>> best = reachable.firstEntry();
            Iterator<Order> it = best.getValue().iterator();
            while (left > 0 && it.hasNext()) {
                Order o = it.next();
                if (o.owner == owner) {
                    it.remove();
                    byId.remove(o.id);
                    listener.selfTradeCancelled(o.id, o.remaining);
                    continue;
                }
                long q = Math.min(left, o.remaining);
                o.remaining -= q;
                left -= q;
                if (o.remaining == 0) {
                    it.remove();
                    byId.remove(o.id);
                }
                listener.trade(o.id, o.owner, id, best.getKey(), q, o.remaining == 0);
            }
            if (best.getValue().isEmpty()) {
                against.remove(best.getKey());
            }
        }
        if (left == 0 || tif != TimeInForce.REST) {
            return 0;
        }
        restore(id, owner, side, price, left);
        return left;
    }

    @Override
    public void restore(long id, long owner, Side side, long price, long quantity) {
        if (byId.containsKey(id)) {
            throw new IllegalArgumentException("order " + id + " already rests");
        }
        Order o = new Order(id, owner, side, price, quantity);
        (side == Side.BUY ? bids : asks).computeIfAbsent(price, p -> new ArrayList<>()).add(o);
        byId.put(id, o);
    }

    @Override
    public long cancel(long id) {
        Order o = byId.remove(id);
        if (o == null) {
            return -1;
        }
        TreeMap<Long, List<Order>> side = o.side == Side.BUY ? bids : asks;
        List<Order> level = side.get(o.price);
        level.remove(o);
        if (level.isEmpty()) {
            side.remove(o.price);
        }
        return o.remaining;
    }

    @Override
    public long remaining(long id) {
        Order o = byId.get(id);
        return o == null ? -1 : o.remaining;
    }

    @Override
    public long bestBid() {
        return bids.isEmpty() ? NONE : bids.firstKey();
    }

    @Override
    public long bestAsk() {
        return asks.isEmpty() ? NONE : asks.firstKey();
    }

    @Override
    public int size() {
        return byId.size();
    }

    @Override
    public void forEach(OrderVisitor visitor) {
        for (TreeMap<Long, List<Order>> side : List.of(bids, asks)) {
            for (List<Order> level : side.values()) {
                for (Order o : level) {
                    visitor.order(o.id, o.owner, o.side, o.price, o.remaining);
                }
            }
        }
    }

    @Override
    public void validate() {
        if (bestBid() != NONE && bestAsk() != NONE && bestBid() >= bestAsk()) {
            throw new IllegalStateException("reference book crossed");
        }
    }
}
