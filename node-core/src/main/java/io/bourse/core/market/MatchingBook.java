package io.bourse.core.market;

import io.bourse.core.commitment.Payloads.Side;

/**
 * One pair's order book: price-time priority, fills at the resting order's price, self-trade
 * prevention by cancelling the resting order. Prices and quantities are plain {@code long}s
 * (base units); the caller checks tick, minimum size and funds before calling. Two
 * implementations: {@link OrderBook} (fast) and {@link ReferenceBook} (obviously correct), kept
 * equal by a seeded differential test.
 *
 * <p>Time priority is the order of {@link #place}/{@link #restore} calls: the ledger calls them in
 * block sequence order, so "time" is an order's position in the chain, never a clock.
 */
public interface MatchingBook {
    /** Returned by {@link #place} when a FILL_OR_KILL order cannot fill whole: nothing changed. */
    long KILLED = -1;
    /** {@link #bestBid}/{@link #bestAsk} of an empty side. */
    long NONE = -1;

    /**
     * Matches a new order against the book, reporting fills to {@code listener}, then rests what is
     * left if {@code tif} is {@link TimeInForce#REST}.
     *
     * @param id    unique among resting orders; never {@link Long#MIN_VALUE}
     * @param price the limit: a buy fills at asks ≤ price, a sell at bids ≥ price
     * @return the quantity now resting (0 if none), or {@link #KILLED}
     */
    long place(long id, long owner, Side side, long price, long quantity, TimeInForce tif, MatchListener listener);

    /** Puts an order back on the book without matching (rebuilding a book from the state), at the back of its level. */
    void restore(long id, long owner, Side side, long price, long quantity);

    /** Removes a resting order. @return its unfilled quantity, or −1 when no such order rests */
    long cancel(long id);

    /** The unfilled quantity of a resting order, or −1. */
    long remaining(long id);

    long bestBid();

    long bestAsk();

    /** Number of resting orders. */
    int size();

    /** Visits the resting orders: bids best first, then asks best first; within a price, oldest first. */
    void forEach(OrderVisitor visitor);

    /** @throws IllegalStateException when an internal invariant is broken */
    void validate();

    @FunctionalInterface
    interface OrderVisitor {
        void order(long id, long owner, Side side, long price, long remaining);
    }
}
