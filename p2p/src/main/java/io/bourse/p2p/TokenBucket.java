package io.bourse.p2p;

import java.util.function.LongSupplier;

/**
 * A token bucket in integer arithmetic: {@code capacity} tokens, refilled at {@code perSecond}.
 * Tokens are kept in nano-units (token × 10⁹) so that refill over any elapsed time is exact.
 * Not thread-safe: each connection owns its buckets and uses them on its event loop.
 */
final class TokenBucket {
    private static final long NANOS = 1_000_000_000L;
    private final long perSecond;
    private final long capacityNanoTokens;
    private final LongSupplier nanoClock;
    private long nanoTokens;
    private long lastRefill;

    TokenBucket(long perSecond, long capacity, LongSupplier nanoClock) {
        if (perSecond <= 0 || capacity <= 0 || capacity > Long.MAX_VALUE / NANOS) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a capacity below 9.2e9");
        }
        this.perSecond = perSecond;
        this.capacityNanoTokens = capacity * NANOS;
        this.nanoClock = nanoClock;
        this.nanoTokens = capacityNanoTokens;
        this.lastRefill = nanoClock.getAsLong();
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        lastRefill = now;
        if (elapsed <= 0) {
            return;
        }
        long room = capacityNanoTokens - nanoTokens;
        nanoTokens = elapsed >= room / perSecond + 1 ? capacityNanoTokens : nanoTokens + elapsed * perSecond;
    }

    boolean available(long tokens) {
        refill();
        return nanoTokens >= tokens * NANOS;
    }

    /** Takes the tokens if they are all there; otherwise takes nothing. */
    boolean tryTake(long tokens) {
        if (!available(tokens)) {
            return false;
        }
        nanoTokens -= tokens * NANOS;
        return true;
    }

    void take(long tokens) {
        nanoTokens -= tokens * NANOS;
    }

    /** Nanoseconds until {@code tokens} will be available (0 if they are now). */
    long nanosUntil(long tokens) {
        refill();
        long missing = tokens * NANOS - nanoTokens;
        return missing <= 0 ? 0 : (missing + perSecond - 1) / perSecond;
    }
}
