package io.bourse.core.market;

/**
 * What matching reports, in the order it happens. Implementations must not call back into the
 * book they listen to.
 */
public interface MatchListener {
    /**
     * A fill at the maker's price. {@code makerDone} is true when the maker has nothing left and
     * has left the book.
     */
    void trade(long makerId, long makerOwner, long takerId, long price, long quantity, boolean makerDone);

    /**
     * Self-trade prevention: the taker met a resting order of the same owner, which is cancelled
     * (and leaves the book) with {@code remaining} unfilled; matching then continues.
     */
    void selfTradeCancelled(long makerId, long remaining);

    /** A listener that ignores everything. */
    MatchListener NONE = new MatchListener() {
        @Override
        public void trade(long makerId, long makerOwner, long takerId, long price, long quantity, boolean makerDone) {
        }

        @Override
        public void selfTradeCancelled(long makerId, long remaining) {
        }
    };
}
