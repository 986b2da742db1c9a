package io.bourse.node.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One contract's value per share through the chain (O6), as the blocks committed it: a point each
 * time the value changed (a value that stays put adds nothing), the highest value so far and the
 * largest fall from a high, and the weekly fees paid. Pure integer arithmetic on Coin units, so
 * every node that indexed the same blocks answers the same figures.
 *
 * <p>Not thread-safe: {@link ValueIndex} guards it.
 */
final class ValueHistory {
    static final long DAY_MILLIS = 86_400_000L;
    static final long WEEK_MILLIS = 7 * DAY_MILLIS;
    static final long PPM = 1_000_000L;

    /** The value per share (Coin units per whole share) from block {@code height} on. */
    record Point(long height, long timeMillis, long perShare) {
    }

    /** The change from {@code from} to the latest value, in parts per million (rounded toward −∞). */
    record Change(Point from, long ppm) {
    }

    private final List<Point> points = new ArrayList<>();
    private long peak = -1;
    private long maxDrawdownPpm;
    private long lastFeeChargedAt = -1;
    private long feesPaidCoin;
    private long feesPaidShares;

    /** Adds the value per share at a block, in block order; returns whether it made a new point. */
    boolean add(long height, long timeMillis, long perShare) {
        if (perShare < 0) {
            throw new IllegalArgumentException("negative value per share " + perShare);
        }
        if (!points.isEmpty() && points.getLast().height() >= height) {
            throw new IllegalArgumentException("height " + height + " after " + points.getLast().height());
        }
        if (!points.isEmpty() && points.getLast().perShare() == perShare) {
            return false;
        }
        points.add(new Point(height, timeMillis, perShare));
        peak = Math.max(peak, perShare);
        if (peak > 0) {
            maxDrawdownPpm = Math.max(maxDrawdownPpm, ppmOf(peak - perShare, peak));
        }
        return true;
    }

    /** Counts a weekly fee once, by the block time it was charged at (the ledger keeps only the last). */
    void fee(long chargedAtMillis, long paidCoin, long paidShares) {
        if (chargedAtMillis != lastFeeChargedAt) {
            lastFeeChargedAt = chargedAtMillis;
            feesPaidCoin = Math.addExact(feesPaidCoin, paidCoin);
            feesPaidShares = Math.addExact(feesPaidShares, paidShares);
        }
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    Optional<Point> latest() {
        return points.isEmpty() ? Optional.empty() : Optional.of(points.getLast());
    }

    /** The highest value per share so far (−1 before any). */
    long peak() {
        return peak;
    }

    /** The largest fall from a previous high to a later value, in parts per million of the high (rounded down). */
    long maxDrawdownPpm() {
        return maxDrawdownPpm;
    }

    long feesPaidCoin() {
        return feesPaidCoin;
    }

    long feesPaidShares() {
        return feesPaidShares;
    }

    /**
     * The change over the window ending at {@code nowMillis}: from the value in force at
     * {@code nowMillis − window} (the last point at or before it) to the latest. Empty when the
     * history starts after that instant (the contract is younger than the window), or the value
     * then was 0 (no ratio to a zero).
     */
    Optional<Change> change(long nowMillis, long windowMillis) {
        long at = nowMillis - windowMillis;
        Point from = null;
        for (Point p : points) {
            if (p.timeMillis() > at) {
                break;
            }
            from = p;
        }
        return change(from);
    }

    /** The change since the first value above zero (a contract is worth nothing until someone pays into it). */
    Optional<Change> changeAllTime() {
        return change(points.stream().filter(p -> p.perShare() > 0).findFirst().orElse(null));
    }

    private Optional<Change> change(Point from) {
        if (from == null || from.perShare() == 0) {
            return Optional.empty();
        }
        long now = points.getLast().perShare();
        return Optional.of(new Change(from, ppmOf(now - from.perShare(), from.perShare())));
    }

    /** part × 10^6 ÷ whole, rounded toward −∞ (exact through a 128-bit product). */
    static long ppmOf(long part, long whole) {
        BigInteger[] qr = BigInteger.valueOf(part).multiply(BigInteger.valueOf(PPM))
                .divideAndRemainder(BigInteger.valueOf(whole));
        BigInteger q = qr[0];
        if (qr[1].signum() < 0) {
            q = q.subtract(BigInteger.ONE);
        }
        return q.longValueExact();
    }
}
