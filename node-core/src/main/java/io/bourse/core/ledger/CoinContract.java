package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * N2, N3, N6: the Coin Contract's own book. Its configuration (accepted currencies) is the
 * operator's; a purchase mints against an attested outside payment; a redemption burns Coin and
 * waits for the operator to record the outside payout against it; the operator's periodic reserve
 * reports are kept beside what the chain shows, and {@link #status} flags where the two disagree.
 *
 * <p>Every figure here is integer arithmetic on the chain's own data, so every node shows the same
 * status; the outside world's claims (a payout's amount, reserves held) are recorded as the
 * operator's signed statements, never taken as facts — their mismatches with the chain are flagged.
 */
public final class CoinContract {
    /** A payout whose amount differs from the redemption's value at its median rate by more than 1% is flagged. */
    public static final long PAYOUT_TOLERANCE_PPM = 10_000L;
    /** A redemption not paid out after 72 hours (block time) is flagged overdue. */
    public static final long PAYOUT_MAX_WAIT_MILLIS = 72L * 3_600_000L;
    /** The operator's reserve report is expected at least weekly (block time); an older one is flagged stale. */
    public static final long REPORT_MAX_AGE_MILLIS = 7L * 24 * 3_600_000L;
    /** The oldest pending payouts a status shows. */
    public static final int PENDING_SHOWN = 16;

    private CoinContract() {
    }

    // ---- configuration (N2) ----

    /** The configuration in force: the genesis file's, or the operator's last update. */
    public static CoinConfig config(StateReader s) {
        return s.get(StateKeys.coinConfig()).map(CoinConfig::fromBytes).orElse(CoinConfig.DEFAULT);
    }

    static void setConfig(StateOverlay s, CoinConfig c) {
        s.put(StateKeys.coinConfig(), c.toBytes());
    }

    /** N2: the operator replaces the list of accepted currencies ({@link Authority} checked the sender). */
    static Result<String> configure(StateOverlay s, Payloads.CoinConfigUpdate u) {
        CoinConfig before = config(s);
        setConfig(s, new CoinConfig(u.acceptedCurrencies()));
        return Result.ok("accepted currencies " + before.acceptedCurrencies() + " → " + u.acceptedCurrencies());
    }

    /** N2, N4: purchases, rate reports and redemptions only in a currency the operator accepts now. */
    static Result<Void> accepted(StateReader s, String currency, String what) {
        CoinConfig c = config(s);
        return c.accepts(currency) ? Result.ok() : Result.fail(RejectReason.CURRENCY_NOT_ACCEPTED,
                what + " in " + currency + ", which the Coin Contract does not accept (accepted: "
                        + c.acceptedCurrencies() + "; the Coin Contract Operator changes the list, N2)");
    }

    // ---- purchase (N2, N4) ----

    /**
     * N2, N4: the Coin Contract Operator attests an outside payment; Coin is minted once per payment
     * reference, at a rate near the median of fresh reports ({@link Rates}).
     */
    static Result<String> purchase(StateOverlay s, NetworkParameters params, Commitment c, Payloads.CoinPurchase p,
                                   long now) {
        Result<Void> accepted = accepted(s, p.currency(), "a purchase");
        if (accepted.failed()) {
            return accepted.propagate();
        }
        if (s.get(StateKeys.paymentRef(p.paymentRef())).isPresent()) {
            return Result.fail(RejectReason.DUPLICATE_PAYMENT_REFERENCE,
                    "payment " + p.paymentRef() + " has minted Coin already");
        }
        Result<Void> rate = Rates.check(s, params, p.currency(), p.rate(), now);
        if (rate.failed()) {
            return rate.propagate();
        }
        Amount minted = Amount.ofUnits(Amount.mulDiv(p.paid().units(), p.rate(), Amount.ONE_UNITS, Amount.Rounding.DOWN));
        s.put(StateKeys.paymentRef(p.paymentRef()), c.id().bytes());
        LedgerState.setBalance(s, p.beneficiary(), TokenId.COIN,
                LedgerState.balance(s, p.beneficiary(), TokenId.COIN).plus(minted));
        LedgerState.Supply supply = LedgerState.supply(s);
        LedgerState.setSupply(s, new LedgerState.Supply(supply.minted().plus(minted), supply.burned()));
        return Result.ok("minted " + minted + " coin for " + p.paid() + " " + p.currency());
    }

    // ---- redemption and payout (N3) ----

    /**
     * A redemption as the chain keeps it: who redeemed what, in which currency and where to pay it
     * ({@code payoutRef}, the redeemer's words), the fresh median rate when it was made (0: none),
     * and the operator's payout record once there is one.
     */
    public record Redemption(Hash id, Address redeemer, Amount amount, String currency, String payoutRef, long height,
                             long timestampMillis, long medianRate, Optional<Payout> payout) {
        /** What the Coin is worth in the outside currency at the median rate (8 decimals), if there was one. */
        public Optional<Amount> expectedPayout() {
            return medianRate == 0 ? Optional.empty() : Optional.of(Amount.ofUnits(
                    Amount.mulDiv(amount.units(), Amount.ONE_UNITS, medianRate, Amount.Rounding.DOWN)));
        }

        /** The payout's amount differs from {@link #expectedPayout} by more than {@link #PAYOUT_TOLERANCE_PPM}. */
        public boolean mismatched() {
            return payout.isPresent() && expectedPayout().map(e -> offBy(payout.get().paid(), e)).orElse(false);
        }

        byte[] toBytes() {
            Writer w = new Writer(128);
            redeemer.encode(w);
            amount.encode(w);
            w.string(currency).string(payoutRef).i64(height).i64(timestampMillis).i64(medianRate);
            w.bool(payout.isPresent());
            payout.ifPresent(p -> {
                w.string(p.reference());
                p.paid().encode(w);
                w.i64(p.height()).i64(p.timestampMillis());
            });
            return w.toByteArray();
        }

        static Redemption fromBytes(Hash id, byte[] b) {
            return Reader.decodeAll(b, "redemption", r -> new Redemption(id, Address.decode(r, "redeemer"),
                    Amount.decode(r, "amount"), r.string(Payloads.MAX_TEXT * 4, "currency"),
                    r.string(Payloads.MAX_TEXT * 4, "payoutRef"), r.u63("height"), r.i64("timestamp"), r.u63("rate"),
                    r.bool("paid") ? Optional.of(new Payout(r.string(Payloads.MAX_TEXT * 4, "reference"),
                            Amount.decode(r, "paid"), r.u63("paidHeight"), r.i64("paidTimestamp"))) : Optional.empty()));
        }
    }

    /** The operator's record of an outside payout: its reference, the amount paid (outside currency), when. */
    public record Payout(String reference, Amount paid, long height, long timestampMillis) {
    }

    /** Redemptions waiting for a payout record and those paid out, in Coin; payouts flagged as mismatched. */
    public record PayoutTotals(long pendingCount, Amount pendingCoin, long paidCount, Amount paidCoin,
                               long mismatchedCount) {
        static final PayoutTotals NONE = new PayoutTotals(0, Amount.ZERO, 0, Amount.ZERO, 0);

        byte[] toBytes() {
            return new Writer(40).i64(pendingCount).i64(pendingCoin.units()).i64(paidCount).i64(paidCoin.units())
                    .i64(mismatchedCount).toByteArray();
        }

        static PayoutTotals fromBytes(byte[] b) {
            return Reader.decodeAll(b, "payout totals", r -> new PayoutTotals(r.u63("pendingCount"),
                    Amount.decode(r, "pendingCoin"), r.u63("paidCount"), Amount.decode(r, "paidCoin"),
                    r.u63("mismatched")));
        }
    }

    public static Optional<Redemption> redemption(StateReader s, Hash id) {
        return s.get(StateKeys.redemption(id)).map(b -> Redemption.fromBytes(id, b));
    }

    public static PayoutTotals payoutTotals(StateReader s) {
        return s.get(StateKeys.payoutTotals()).map(PayoutTotals::fromBytes).orElse(PayoutTotals.NONE);
    }

    /** The oldest redemptions still waiting for their payout record, at most {@code limit}, oldest first. */
    public static List<Redemption> pending(StateReader s, int limit) {
        List<Redemption> out = new ArrayList<>();
        for (Map.Entry<Bytes, byte[]> e : s.scan(StateKeys.pendingPayoutPrefix()).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            byte[] k = e.getKey().unsafeValue();
            Hash id = new Hash(java.util.Arrays.copyOfRange(k, k.length - Hash.LENGTH, k.length));
            redemption(s, id).ifPresent(out::add);
        }
        return out;
    }

    /**
     * N3: Coin sold back to the Coin Contract is burned at once; the redemption waits, in the
     * pending list, for the operator's payout record. Its currency must be accepted now.
     */
    static Result<String> redeem(StateOverlay s, NetworkParameters params, BlockContext ctx, Commitment c,
                                 Payloads.CoinRedemption r) {
        Result<Void> accepted = accepted(s, r.currency(), "a redemption");
        if (accepted.failed()) {
            return accepted.propagate();
        }
        Address from = c.senderAddress();
        Amount have = Tokens.available(s, from, TokenId.COIN);
        if (have.lessThan(r.amount())) {
            return Result.fail(RejectReason.INSUFFICIENT_BALANCE,
                    "redemption of " + r.amount() + " coin but the available balance is " + have);
        }
        LedgerState.setBalance(s, from, TokenId.COIN, LedgerState.balance(s, from, TokenId.COIN).minus(r.amount()));
        LedgerState.Supply supply = LedgerState.supply(s);
        LedgerState.setSupply(s, new LedgerState.Supply(supply.minted(), supply.burned().plus(r.amount())));
        OptionalLong median = Rates.median(Rates.fresh(params, LedgerState.rateReports(s, r.currency()),
                ctx.timestampMillis()));
        Redemption red = new Redemption(c.id(), from, r.amount(), r.currency(), r.payoutRef(), ctx.height(),
                ctx.timestampMillis(), median.orElse(0), Optional.empty());
        s.put(StateKeys.redemption(c.id()), red.toBytes());
        s.put(StateKeys.pendingPayout(ctx.height(), c.id()), new byte[] {1});
        PayoutTotals t = payoutTotals(s);
        s.put(StateKeys.payoutTotals(), new PayoutTotals(t.pendingCount() + 1, t.pendingCoin().plus(r.amount()),
                t.paidCount(), t.paidCoin(), t.mismatchedCount()).toBytes());
        return Result.ok("burned " + r.amount() + " coin; payout in " + r.currency() + " pending"
                + red.expectedPayout().map(e -> " (" + e + " " + r.currency() + " at the median rate)").orElse(""));
    }

    /**
     * N3: the operator records a redemption's outside payout, once per redemption and once per
     * outside reference. An amount far from the redemption's value at its median rate is recorded
     * and flagged, not refused: the chain cannot see the outside transfer, only what was claimed.
     */
    static Result<String> payout(StateOverlay s, BlockContext ctx, Payloads.CoinPayout p) {
        Optional<Redemption> found = redemption(s, p.redemptionId());
        if (found.isEmpty()) {
            return Result.fail(RejectReason.UNKNOWN_REDEMPTION, "no redemption " + p.redemptionId());
        }
        Redemption r = found.get();
        if (r.payout().isPresent()) {
            return Result.fail(RejectReason.PAYOUT_RECORDED, "redemption " + p.redemptionId()
                    + " was paid out already (reference " + r.payout().get().reference() + ")");
        }
        if (s.get(StateKeys.payoutRef(p.reference())).isPresent()) {
            return Result.fail(RejectReason.PAYOUT_RECORDED, "outside reference " + p.reference()
                    + " is recorded against another redemption already");
        }
        Redemption paid = new Redemption(r.id(), r.redeemer(), r.amount(), r.currency(), r.payoutRef(), r.height(),
                r.timestampMillis(), r.medianRate(),
                Optional.of(new Payout(p.reference(), p.paid(), ctx.height(), ctx.timestampMillis())));
        s.put(StateKeys.redemption(r.id()), paid.toBytes());
        s.put(StateKeys.payoutRef(p.reference()), r.id().bytes());
        s.delete(StateKeys.pendingPayout(r.height(), r.id()));
        PayoutTotals t = payoutTotals(s);
        s.put(StateKeys.payoutTotals(), new PayoutTotals(t.pendingCount() - 1, t.pendingCoin().minus(r.amount()),
                t.paidCount() + 1, t.paidCoin().plus(r.amount()),
                t.mismatchedCount() + (paid.mismatched() ? 1 : 0)).toBytes());
        return Result.ok("paid out " + p.paid() + " " + r.currency() + " for redemption " + r.id()
                + (paid.mismatched() ? "; flagged: expected " + paid.expectedPayout().orElseThrow() + " at the median rate"
                        : ""));
    }

    // ---- reserve reports (N6) ----

    /**
     * N6: the operator's latest reserve report, with what the chain showed when it was published:
     * Coin in circulation, the claimed reserves valued at the fresh median rates (rounded down),
     * and the currencies that could not be valued (no fresh median, or not accepted).
     */
    public record ReserveReport(Hash commitmentId, long number, long height, long timestampMillis,
                                List<Payloads.Reserve> reserves, String custodian, String auditorRef,
                                Amount circulatingAtReport, Amount reservesValue, List<String> unvalued) {
        public ReserveReport {
            reserves = List.copyOf(reserves);
            unvalued = List.copyOf(unvalued);
        }

        byte[] toBytes() {
            Writer w = new Writer(256);
            commitmentId.encode(w);
            w.i64(number).i64(height).i64(timestampMillis);
            w.list(reserves, (ww, r) -> {
                ww.string(r.currency());
                r.amount().encode(ww);
            });
            w.string(custodian).string(auditorRef);
            circulatingAtReport.encode(w);
            reservesValue.encode(w);
            w.list(unvalued, Writer::string);
            return w.toByteArray();
        }

        static ReserveReport fromBytes(byte[] b) {
            return Reader.decodeAll(b, "reserve report", r -> new ReserveReport(Hash.decode(r, "commitment"),
                    r.u63("number"), r.u63("height"), r.i64("timestamp"),
                    r.list(Payloads.MAX_RESERVES, "reserves", rr -> new Payloads.Reserve(
                            rr.string(Payloads.MAX_TEXT * 4, "currency"), Amount.decode(rr, "amount"))),
                    r.string(Payloads.MAX_TEXT * 4, "custodian"), r.string(Payloads.MAX_TEXT * 4, "auditorRef"),
                    Amount.decode(r, "circulating"), Amount.decode(r, "value"),
                    r.list(Payloads.MAX_RESERVES, "unvalued", rr -> rr.string(Payloads.MAX_TEXT * 4, "currency"))));
        }
    }

    public static Optional<ReserveReport> latestReport(StateReader s) {
        return s.get(StateKeys.reserveReport()).map(ReserveReport::fromBytes);
    }

    static Result<String> report(StateOverlay s, NetworkParameters params, BlockContext ctx, Commitment c,
                                 Payloads.CoinReserveReport p) {
        CoinConfig config = config(s);
        long value = 0;
        List<String> unvalued = new ArrayList<>();
        for (Payloads.Reserve r : p.reserves()) {
            OptionalLong median = config.accepts(r.currency()) ? Rates.median(Rates.fresh(params,
                    LedgerState.rateReports(s, r.currency()), ctx.timestampMillis())) : OptionalLong.empty();
            if (median.isEmpty()) {
                unvalued.add(r.currency());
            } else {
                value = Math.addExact(value, Amount.mulDiv(r.amount().units(), median.getAsLong(), Amount.ONE_UNITS,
                        Amount.Rounding.DOWN));
            }
        }
        long number = latestReport(s).map(ReserveReport::number).orElse(0L) + 1;
        ReserveReport rep = new ReserveReport(c.id(), number, ctx.height(), ctx.timestampMillis(), p.reserves(),
                p.custodian(), p.auditorRef(), LedgerState.supply(s).circulating(), Amount.ofUnits(value), unvalued);
        s.put(StateKeys.reserveReport(), rep.toBytes());
        return Result.ok("reserve report " + number + ": reserves worth " + rep.reservesValue() + " coin at median rates"
                + (unvalued.isEmpty() ? "" : " (not valued: " + unvalued + ")") + " against " + rep.circulatingAtReport()
                + " coin in circulation");
    }

    // ---- status (N6) ----

    /** A disagreement between the operator's statements and the chain, for anyone to see. */
    public record Flag(String code, String message) {
    }

    /** The flags of the Coin Contract's state at block time {@code now}. */
    static List<Flag> flags(StateReader s, long now, PayoutTotals totals, List<Redemption> oldestPending) {
        List<Flag> out = new ArrayList<>();
        Optional<ReserveReport> rep = latestReport(s);
        if (rep.isEmpty()) {
            out.add(new Flag("no-reserve-report", "the Coin Contract Operator has published no reserve report"));
        } else {
            ReserveReport r = rep.get();
            if (now - r.timestampMillis() > REPORT_MAX_AGE_MILLIS) {
                out.add(new Flag("reserve-report-stale", "the latest reserve report (number " + r.number()
                        + ", height " + r.height() + ") is older than " + REPORT_MAX_AGE_MILLIS / 3_600_000L + " hours"));
            }
            if (!r.unvalued().isEmpty()) {
                out.add(new Flag("reserves-unvalued", "reserves in " + r.unvalued()
                        + " had no fresh median rate (or are not accepted) when reported: not counted"));
            } else if (r.reservesValue().lessThan(r.circulatingAtReport())) {
                out.add(new Flag("reserves-below-supply", "reserves reported at height " + r.height() + " were worth "
                        + r.reservesValue() + " coin at the median rates, below the " + r.circulatingAtReport()
                        + " coin then in circulation"));
            }
        }
        if (!oldestPending.isEmpty() && now - oldestPending.get(0).timestampMillis() > PAYOUT_MAX_WAIT_MILLIS) {
            Redemption oldest = oldestPending.get(0);
            out.add(new Flag("payouts-overdue", "redemption " + oldest.id() + " of " + oldest.amount() + " coin (height "
                    + oldest.height() + ") has waited more than " + PAYOUT_MAX_WAIT_MILLIS / 3_600_000L
                    + " hours for its payout record; " + totals.pendingCount() + " redemption(s) are pending"));
        }
        if (totals.mismatchedCount() > 0) {
            out.add(new Flag("payout-amount-mismatch", totals.mismatchedCount() + " payout(s) were recorded with an "
                    + "amount more than " + PAYOUT_TOLERANCE_PPM / 10_000 + "% from the redemption's value at its median rate"));
        }
        return out;
    }

    /** |a − b| > b × tolerance, exactly. */
    static boolean offBy(Amount a, Amount b) {
        BigInteger diff = BigInteger.valueOf(a.units()).subtract(BigInteger.valueOf(b.units())).abs();
        return diff.multiply(BigInteger.valueOf(Amount.PPM))
                .compareTo(BigInteger.valueOf(b.units()).multiply(BigInteger.valueOf(PAYOUT_TOLERANCE_PPM))) > 0;
    }
}
