package io.bourse.core.ledger;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.PublicKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * N4: exchange rates of outside currencies, from rate sources that are keys. Each source is a key
 * registered in the parameters' {@code rateSources} (by the Block Signers' vote, never by the Coin
 * Contract Operator, who may not be one); a report counts only as the commitment of its source's
 * key ({@link Authority}), and each source has one slot per currency that only its own next report
 * replaces, so no one overwrites another's report and one key never counts twice.
 *
 * <p>A coin purchase must use a rate within {@link #TOLERANCE_PPM} of the median of the fresh
 * reports (at most {@link #MAX_AGE_MILLIS} old) of sources registered now, and needs at least
 * {@link #MIN_SOURCES} distinct ones; otherwise it is refused. The median of an even count is the
 * mean of the two middle rates, rounded down. A source the signers remove stops counting at once;
 * its last report stays in the state until the slot is rewritten.
 */
public final class Rates {
    /** At least this many distinct fresh registered sources. */
    public static final int MIN_SOURCES = 2;
    /** A report older than one hour (block time) is stale. */
    public static final long MAX_AGE_MILLIS = 3_600_000L;
    /** A purchase's rate may differ from the median by at most 1% (10,000 ppm). */
    public static final long TOLERANCE_PPM = 10_000L;

    private Rates() {
    }

    /**
     * Keeps {@code source}'s report (the sender, which {@link Authority} checked is registered) in
     * its own slot for the currency, which the Coin Contract must accept ({@link CoinConfig}). Slots of sources no longer registered
     * are dropped on the way, so the list never outgrows the parameters' limit.
     */
    static Result<String> report(StateOverlay s, NetworkParameters p, BlockContext ctx, PublicKey source,
                                 Payloads.RateReport r) {
        Result<Void> accepted = CoinContract.accepted(s, r.currency(), "a rate report");
        if (accepted.failed()) {
            return accepted.propagate();
        }
        List<RateEntry> all = new ArrayList<>(LedgerState.rateReports(s, r.currency()));
        all.removeIf(e -> e.source().equals(source) || !p.isRateSource(e.source()));
        all.add(new RateEntry(source, r.rate(), ctx.timestampMillis()));
        all.sort(Comparator.comparing(e -> e.source().hex()));
        LedgerState.setRateReports(s, r.currency(), all);
        return Result.ok("rate " + r.rate() + " for " + r.currency() + " from source " + source.address());
    }

    /** The reports that count now: from a registered source, not from the future, at most an hour old. */
    static List<RateEntry> fresh(NetworkParameters p, List<RateEntry> all, long now) {
        return all.stream().filter(e -> p.isRateSource(e.source()))
                .filter(e -> e.reportedAtMillis() <= now && now - e.reportedAtMillis() <= MAX_AGE_MILLIS)
                .toList();
    }

    /** The median of {@code fresh}, or empty below {@link #MIN_SOURCES} distinct sources. */
    static OptionalLong median(List<RateEntry> fresh) {
        if (fresh.stream().map(RateEntry::source).distinct().count() < MIN_SOURCES) {
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
    static Result<Void> check(StateOverlay s, NetworkParameters p, String currency, long rate, long now) {
        List<RateEntry> fresh = fresh(p, LedgerState.rateReports(s, currency), now);
        OptionalLong m = median(fresh);
        if (m.isEmpty()) {
            return Result.fail(RejectReason.RATES_UNAVAILABLE, "only " + fresh.size()
                    + " fresh rate reports for " + currency + " from distinct registered rate sources (at most "
                    + MAX_AGE_MILLIS / 1000 + " s old); the median needs at least " + MIN_SOURCES + " (N4)");
        }
        long median = m.getAsLong();
        long diff = Math.abs(rate - median);
        // diff / median ≤ tolerance, exactly: diff × 10^6 ≤ median × tolerance
        if (BigInteger.valueOf(diff).multiply(BigInteger.valueOf(1_000_000L))
                .compareTo(BigInteger.valueOf(median).multiply(BigInteger.valueOf(TOLERANCE_PPM))) > 0) {
            return Result.fail(RejectReason.RATE_OFF_MEDIAN, "rate " + rate + " for " + currency
                    + " is more than " + TOLERANCE_PPM + " ppm from the median " + median + " of "
                    + fresh.size() + " fresh reports (N4)");
        }
        return Result.ok();
    }
}
