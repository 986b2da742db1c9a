package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * N4: exchange rates of outside currencies, from several named sources. Each source's latest report
 * is kept with its block time. A coin purchase must use a rate within {@link #TOLERANCE_PPM} of the
 * median of the fresh reports (at most {@link #MAX_AGE_MILLIS} old), and needs at least
 * {@link #MIN_SOURCES} of them; otherwise it is refused. The median of an even count is the mean of
 * the two middle rates, rounded down.
 */
public final class Rates {
    /** At least this many fresh sources. */
    public static final int MIN_SOURCES = 2;
    /** A report older than one hour (block time) is stale. */
    public static final long MAX_AGE_MILLIS = 3_600_000L;
    /** A purchase's rate may differ from the median by at most 1% (10,000 ppm). */
    public static final long TOLERANCE_PPM = 10_000L;
    /** Sources kept per currency. */
    public static final int MAX_SOURCES = 64;

    private Rates() {
    }

    /**
     * Who reports: the Coin Contract Operator and the Block Signers (their nodes relay the feeds);
     * the currency must be accepted.
     */
    static Result<String> report(StateOverlay s, NetworkParameters p, BlockContext ctx, Payloads.RateReport r) {
        Result<Void> accepted = accepted(p, r.currency());
        if (accepted.failed()) {
            return accepted.propagate();
        }
        List<RateEntry> all = new ArrayList<>(LedgerState.rateReports(s, r.currency()));
        all.removeIf(e -> e.source().equals(r.source()));
        if (all.size() >= MAX_SOURCES) {
            return Result.fail(RejectReason.RATES_UNAVAILABLE,
                    "at most " + MAX_SOURCES + " rate sources per currency (N4)");
        }
        all.add(new RateEntry(r.source(), r.rate(), ctx.timestampMillis()));
        all.sort((a, b) -> a.source().compareTo(b.source()));
        LedgerState.setRateReports(s, r.currency(), all);
        return Effects.APPLIED;
    }

    /** N2, N4: reports and purchases only in an accepted currency. */
    static Result<Void> accepted(NetworkParameters p, String currency) {
        return p.acceptedCurrencies().contains(currency) ? Result.ok() : Result.fail(RejectReason.CURRENCY_NOT_ACCEPTED,
                "currency " + currency + " is not accepted (accepted: " + p.acceptedCurrencies() + ")");
    }

    static List<RateEntry> fresh(List<RateEntry> all, long now) {
        return all.stream().filter(e -> e.reportedAtMillis() <= now && now - e.reportedAtMillis() <= MAX_AGE_MILLIS)
                .toList();
    }

    static OptionalLong median(List<RateEntry> fresh) {
        if (fresh.size() < MIN_SOURCES) {
            return OptionalLong.empty();
        }
        long[] r = fresh.stream().mapToLong(RateEntry::rate).sorted().toArray();
        int n = r.length;
        if (n % 2 == 1) {
            return OptionalLong.of(r[n / 2]);
        }
        long lo = r[n / 2 - 1];
        long hi = r[n / 2];
        return OptionalLong.of(lo + (hi - lo) / 2);
    }

    /** The rule a coin purchase's rate must meet. */
    static Result<Void> check(StateOverlay s, String currency, long rate, long now) {
        List<RateEntry> fresh = fresh(LedgerState.rateReports(s, currency), now);
        OptionalLong m = median(fresh);
        if (m.isEmpty()) {
            return Result.fail(RejectReason.RATES_UNAVAILABLE, "only " + fresh.size()
                    + " fresh rate reports for " + currency + " (at most " + MAX_AGE_MILLIS / 1000
                    + " s old); at least " + MIN_SOURCES + " are needed (N4)");
        }
        long median = m.getAsLong();
        long diff = Math.abs(rate - median);
        // diff / median ≤ tolerance, exactly: diff × 10^6 ≤ median × tolerance
        if (java.math.BigInteger.valueOf(diff).multiply(java.math.BigInteger.valueOf(1_000_000L))
                .compareTo(java.math.BigInteger.valueOf(median).multiply(java.math.BigInteger.valueOf(TOLERANCE_PPM))) > 0) {
            return Result.fail(RejectReason.RATE_OFF_MEDIAN, "rate " + rate + " for " + currency
                    + " is more than " + TOLERANCE_PPM + " ppm from the median " + median + " of "
                    + fresh.size() + " fresh reports (N4)");
        }
        return Result.ok();
    }
}
