package io.bourse.core.market;

import io.bourse.core.commitment.Payloads.Side;

/**
 * The fast matching core. Each side keeps its price levels in a sorted array with the best price
 * at the end, so taking or emptying the best level is O(1) and a new level near the top shifts
 * only the few levels above it; a level is a FIFO doubly linked list of orders; an open-addressing
 * {@code long → order} index finds an order to cancel. Orders and levels are recycled through free
 * lists, so steady-state placing, matching and cancelling allocate nothing.
 *
 * <p>Not thread-safe; one book per pair, driven by one thread (the ledger's).
 */
public final class OrderBook implements MatchingBook {
    private static final class Order {
        long id;
        long owner;
        long remaining;
        Level level;
        Order prev;
        Order next;
    }

    private static final class Level {
        boolean bid;
        long price;
        long total;
        int count;
        Order head;
        Order tail;
        Level nextFree;
    }

    /** One side: levels sorted so the best is last (bids ascending, asks descending). */
    private static final class Ladder {
        final boolean bids;
        long[] prices = new long[64];
        Level[] levels = new Level[64];
        int n;

        Ladder(boolean bids) {
            this.bids = bids;
        }

        /** Whether {@code a} is a better price than {@code b} on this side. */
        boolean better(long a, long b) {
            return bids ? a > b : a < b;
        }

        Level best() {
            return n == 0 ? null : levels[n - 1];
        }

        /** Index of {@code price}, or −(insertion point) − 1 (binary search). */
        int find(long price) {
            int lo = 0;
            int hi = n - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long p = prices[mid];
                if (p == price) {
                    return mid;
                }
                if (better(p, price)) {
                    hi = mid - 1;
                } else {
                    lo = mid + 1;
                }
            }
            return -lo - 1;
        }

        void insert(int at, Level l) {
            if (n == prices.length) {
                prices = java.util.Arrays.copyOf(prices, n * 2);
                levels = java.util.Arrays.copyOf(levels, n * 2);
            }
            System.arraycopy(prices, at, prices, at + 1, n - at);
            System.arraycopy(levels, at, levels, at + 1, n - at);
            prices[at] = l.price;
            levels[at] = l;
            n++;
        }

        void remove(int at) {
            System.arraycopy(prices, at + 1, prices, at, n - at - 1);
            System.arraycopy(levels, at + 1, levels, at, n - at - 1);
            n--;
            levels[n] = null;
        }
    }

    private final Ladder bids = new Ladder(true);
    private final Ladder asks = new Ladder(false);
    private final LongIndex<Order> index = new LongIndex<>();
    private Order freeOrders;
    private Level freeLevels;
    private int size;

    @Override
    public long place(long id, long owner, Side side, long price, long quantity, TimeInForce tif,
                      MatchListener listener) {
        check(id, price, quantity);
        Ladder against = side == Side.BUY ? asks : bids;
        if (tif == TimeInForce.FOK && fillable(against, owner, price, quantity) < quantity) {
            return KILLED;
        }
        long left = quantity;
        Level best;
        while (left > 0 && (best = against.best()) != null && crosses(side, price, best.price)) {
            left = matchLevel(against, best, id, owner, left, listener);
        }
        if (left == 0 || tif != TimeInForce.REST) {
            return 0;
        }
        rest(side == Side.BUY ? bids : asks, id, owner, price, left);
        return left;
    }

    private static boolean crosses(Side side, long limit, long resting) {
        return side == Side.BUY ? resting <= limit : resting >= limit;
    }

    /** Fills against one level, oldest first; removes the level when it empties. */
    private long matchLevel(Ladder ladder, Level level, long takerId, long owner, long left, MatchListener listener) {
        while (left > 0 && level.head != null) {
            Order o = level.head;
            if (o.owner == owner) {
                long rem = o.remaining;
                unlink(o);
                listener.selfTradeCancelled(o.id, rem);
                recycle(o);
                continue;
            }
            long q = Math.min(left, o.remaining);
            left -= q;
            o.remaining -= q;
            level.total -= q;
            boolean done = o.remaining == 0;
            long makerId = o.id;
            long makerOwner = o.owner;
            if (done) {
                unlink(o);
                recycle(o);
            }
            listener.trade(makerId, makerOwner, takerId, level.price, q, done);
        }
        if (level.head == null) {
            ladder.remove(ladder.n - 1);
            recycle(level);
        }
        return left;
    }

    /** What a FOK order could fill, ignoring the owner's own orders (which would be cancelled, not filled). */
    private static long fillable(Ladder ladder, long owner, long price, long quantity) {
        long sum = 0;
        for (int i = ladder.n - 1; i >= 0 && sum < quantity; i--) {
            Level l = ladder.levels[i];
            if (ladder.better(price, l.price)) {
                break;
            }
            for (Order o = l.head; o != null && sum < quantity; o = o.next) {
                if (o.owner != owner) {
                    sum += o.remaining;
                }
            }
        }
        return sum;
    }

    @Override
    public void restore(long id, long owner, Side side, long price, long quantity) {
        check(id, price, quantity);
        rest(side == Side.BUY ? bids : asks, id, owner, price, quantity);
    }

    private void rest(Ladder ladder, long id, long owner, long price, long quantity) {
        if (index.get(id) != null) {
            throw new IllegalArgumentException("order " + id + " already rests");
        }
        int at = ladder.find(price);
        Level level;
        if (at >= 0) {
            level = ladder.levels[at];
        } else {
            level = newLevel(price, ladder.bids);
            ladder.insert(-at - 1, level);
        }
        Order o = newOrder();
        o.id = id;
        o.owner = owner;
        o.remaining = quantity;
        o.level = level;
        o.prev = level.tail;
        o.next = null;
        if (level.tail == null) {
            level.head = o;
        } else {
            level.tail.next = o;
        }
        level.tail = o;
        level.total += quantity;
        level.count++;
        index.put(id, o);
        size++;
    }

    @Override
    public long cancel(long id) {
        Order o = index.get(id);
        if (o == null) {
            return -1;
        }
        long rem = o.remaining;
        Level level = o.level;
        unlink(o);
        recycle(o);
        if (level.head == null) {
            Ladder ladder = level.bid ? bids : asks;
            ladder.remove(ladder.find(level.price));
            recycle(level);
        }
        return rem;
    }

    /** Takes an order off its level and the index (the level stays, even if empty). */
    private void unlink(Order o) {
        Level l = o.level;
        if (o.prev == null) {
            l.head = o.next;
        } else {
            o.prev.next = o.next;
        }
        if (o.next == null) {
            l.tail = o.prev;
        } else {
            o.next.prev = o.prev;
        }
        l.total -= o.remaining;
        l.count--;
        index.remove(o.id);
        size--;
    }

    @Override
    public long remaining(long id) {
        Order o = index.get(id);
        return o == null ? -1 : o.remaining;
    }

    @Override
    public long bestBid() {
        Level l = bids.best();
        return l == null ? NONE : l.price;
    }

    @Override
    public long bestAsk() {
        Level l = asks.best();
        return l == null ? NONE : l.price;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forEach(OrderVisitor visitor) {
        for (Ladder ladder : new Ladder[] {bids, asks}) {
            Side side = ladder.bids ? Side.BUY : Side.SELL;
            for (int i = ladder.n - 1; i >= 0; i--) {
                for (Order o = ladder.levels[i].head; o != null; o = o.next) {
                    visitor.order(o.id, o.owner, side, ladder.prices[i], o.remaining);
                }
            }
        }
    }

    @Override
    public void validate() {
        int count = 0;
        for (Ladder ladder : new Ladder[] {bids, asks}) {
            for (int i = 0; i < ladder.n; i++) {
                Level l = ladder.levels[i];
                require(l.price == ladder.prices[i], "level price matches the price array");
                require(i == 0 || ladder.better(l.price, ladder.prices[i - 1]), "levels strictly sorted");
                require(l.head != null, "no empty level");
                long total = 0;
                int n = 0;
                Order prev = null;
                for (Order o = l.head; o != null; o = o.next) {
                    require(o.prev == prev, "back link");
                    require(o.level == l, "order knows its level");
                    require(o.remaining > 0, "positive remaining");
                    require(index.get(o.id) == o, "indexed");
                    total += o.remaining;
                    n++;
                    prev = o;
                }
                require(l.tail == prev, "tail");
                require(total == l.total && n == l.count, "level totals");
                count += n;
            }
        }
        require(count == size && index.size() == size, "size and index agree");
        require(bestBid() == NONE || bestAsk() == NONE || bestBid() < bestAsk(), "book not crossed");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("order book invariant broken: " + what);
        }
    }

    private static void check(long id, long price, long quantity) {
        if (id == Long.MIN_VALUE || price <= 0 || quantity <= 0) {
            throw new IllegalArgumentException("id, positive price and quantity required");
        }
    }

    private Order newOrder() {
        Order o = freeOrders;
        if (o == null) {
            return new Order();
        }
        freeOrders = o.next;
        o.next = null;
        return o;
    }

    private void recycle(Order o) {
        o.level = null;
        o.prev = null;
        o.next = freeOrders;
        freeOrders = o;
    }

    private Level newLevel(long price, boolean bid) {
        Level l = freeLevels;
        if (l == null) {
            l = new Level();
        } else {
            freeLevels = l.nextFree;
            l.nextFree = null;
        }
        l.bid = bid;
        l.price = price;
        l.total = 0;
        l.count = 0;
        l.head = null;
        l.tail = null;
        return l;
    }

    private void recycle(Level l) {
        l.head = null;
        l.tail = null;
        l.nextFree = freeLevels;
        freeLevels = l;
    }
}
