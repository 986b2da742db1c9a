package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** N2–N6: minting against fresh rates from registered rate sources, redemption, and the status anyone can check. */
class CoinContractTest {
    // three outside feeds, each a key the parameters register as a rate source (N4)
    static final KeyPair FEED_A = LedgerHarness.key(50);
    static final KeyPair FEED_B = LedgerHarness.key(51);
    static final KeyPair FEED_C = LedgerHarness.key(52);
    final LedgerHarness h = new LedgerHarness(
            p -> p.withRateSources(List.of(FEED_A.publicKey(), FEED_B.publicKey(), FEED_C.publicKey())));
    final KeyPair op = h.coinOperator;
    final KeyPair alice = h.user(1);

    Commitment report(KeyPair by, long rate) {
        return h.sign(by, new Payloads.RateReport("BTC", rate));
    }

    Commitment purchase(long rate, String ref) {
        return h.sign(op, new Payloads.CoinPurchase(alice.address(), "BTC", Amount.parse("0.5"), rate, ref));
    }

    @Test
    void purchaseNeedsAtLeastTwoFreshRateReports() { // covers: N4
        Receipt none = h.one(purchase(100_000, "tx-1"));
        assertThat(none.reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        assertThat(none.message()).contains("only 0 fresh rate reports for BTC").contains("at least 2");
        h.one(report(FEED_A, 100_000));
        assertThat(h.one(purchase(100_000, "tx-1")).reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        h.one(report(FEED_B, 102_000));
        assertThat(h.one(purchase(101_000, "tx-1")).applied()).isTrue();
        // 0.5 BTC × 101,000 coin units per BTC
        assertThat(h.coin(alice.address())).isEqualTo(Amount.ofWhole(1000).plus(Amount.ofUnits(50_500)));
    }

    @Test
    void purchaseRateMustBeWithinOnePercentOfTheMedian() { // covers: N4
        h.normal(report(FEED_A, 1_000_000), report(FEED_B, 1_010_000), report(FEED_C, 5_000_000));
        // median of three is 1,010,000; 1% of it is 10,100
        assertThat(h.one(purchase(1_020_100, "tx-1")).applied()).isTrue();
        Receipt off = h.one(purchase(1_020_101, "tx-2"));
        assertThat(off.reason()).isEqualTo(RejectReason.RATE_OFF_MEDIAN);
        assertThat(off.message()).contains("median 1010000 of 3 fresh reports");
        assertThat(h.one(purchase(999_900, "tx-3")).applied()).isTrue();
    }

    @Test
    void staleReportsDoNotCount() { // covers: N4
        h.normal(report(FEED_A, 100_000), report(FEED_B, 100_000));
        h.advance(Rates.MAX_AGE_MILLIS);
        assertThat(h.one(purchase(100_000, "tx-1")).reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        h.normal(report(FEED_A, 100_000), report(FEED_B, 100_000));
        assertThat(h.one(purchase(100_000, "tx-1")).applied()).isTrue();
    }

    @Test
    void aRateReportFromAnUnregisteredKeyIsRefusedAndKeepsNothing() { // covers: N4
        for (KeyPair k : List.of(alice, op, h.signers.get(0))) {
            Receipt r = h.one(report(k, 100_000));
            assertThat(r.reason()).as(k.address().text()).isEqualTo(RejectReason.NOT_RATE_SOURCE);
            assertThat(r.message()).contains(k.address().text()).contains("rateSources").contains("N4");
        }
        assertThat(LedgerState.rateReports(h.state, "BTC")).isEmpty();
    }

    @Test
    void theOperatorAloneCannotSatisfyTheMinimum() { // covers: N4
        // its own reports are refused (above); one registered feed and the operator's say-so are not enough
        h.one(report(FEED_A, 100_000));
        h.one(report(op, 100_000));
        Receipt r = h.one(purchase(100_000, "tx-1"));
        assertThat(r.reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        assertThat(r.message()).contains("only 1 fresh rate reports for BTC from distinct registered rate sources")
                .contains("the median needs at least " + Rates.MIN_SOURCES + " (N4)");
        // and the signers cannot register it as a source either
        assertThatThrownBy(() -> h.params.withRateSources(List.of(FEED_A.publicKey(), op.publicKey())).validate())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("rateSources")
                .hasMessageContaining("Coin Contract Operator");
    }

    @Test
    void twoReportsFromOneKeyNeverCountTwice() { // covers: N4
        // in one block and in the next: the source's slot is replaced, never added to
        h.normal(report(FEED_A, 100_000), report(FEED_A, 100_500));
        h.one(report(FEED_A, 101_000));
        assertThat(LedgerState.rateReports(h.state, "BTC")).singleElement()
                .satisfies(e -> assertThat(e.source()).isEqualTo(FEED_A.publicKey()))
                .extracting(RateEntry::rate).isEqualTo(101_000L);
        Receipt r = h.one(purchase(101_000, "tx-1"));
        assertThat(r.reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        assertThat(r.message()).contains("only 1 fresh rate reports").contains("distinct registered rate sources");
        assertThat(LedgerState.coinStatus(h.state).rates()).filteredOn(c -> c.currency().equals("BTC")).singleElement()
                .satisfies(c -> assertThat(c.median()).as("no median from one source").isEmpty());
    }

    @Test
    void noOneOverwritesAnotherSourcesReport() { // covers: N4
        h.one(report(FEED_A, 100_000));
        h.one(report(FEED_B, 300_000));
        h.one(report(FEED_B, 200_000));
        assertThat(LedgerState.rateReports(h.state, "BTC")).extracting(RateEntry::source, RateEntry::rate)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(FEED_A.publicKey(), 100_000L),
                        org.assertj.core.groups.Tuple.tuple(FEED_B.publicKey(), 200_000L));
    }

    @Test
    void aSourceNoLongerRegisteredStopsCounting() { // covers: N4
        h.normal(report(FEED_A, 100_000), report(FEED_B, 100_000));
        List<RateEntry> all = LedgerState.rateReports(h.state, "BTC");
        assertThat(Rates.median(Rates.fresh(h.params, all, h.time))).hasValue(100_000L);
        var withoutB = h.params.withRateSources(List.of(FEED_A.publicKey(), FEED_C.publicKey()));
        assertThat(Rates.fresh(withoutB, all, h.time)).extracting(RateEntry::source).containsExactly(FEED_A.publicKey());
        assertThat(Rates.median(Rates.fresh(withoutB, all, h.time))).isEmpty();
    }

    @Test
    void reportsOnlyInAnAcceptedCurrency() { // covers: N2, N4
        assertThat(h.one(h.sign(FEED_A, new Payloads.RateReport("DOGE", 1))).reason())
                .isEqualTo(RejectReason.CURRENCY_NOT_ACCEPTED);
    }

    @Test
    void paymentReferenceMintsOnceAndOnlyTheOperatorMints() { // covers: N2
        h.normal(report(FEED_A, 100_000), report(FEED_B, 100_000));
        List<Receipt> rs = h.normal(purchase(100_000, "tx-9"), purchase(100_000, "tx-9"),
                h.sign(alice, new Payloads.CoinPurchase(alice.address(), "BTC", Amount.ONE, 100_000, "tx-10")));
        assertThat(rs.get(0).applied()).isTrue();
        assertThat(rs.get(1).reason()).isEqualTo(RejectReason.DUPLICATE_PAYMENT_REFERENCE);
        assertThat(rs.get(2).reason()).isEqualTo(RejectReason.NOT_COIN_OPERATOR);
    }

    @Test
    void redemptionBurnsAndTheStatusShowsSupplyAndRates() { // covers: N3, N6
        Amount minted0 = LedgerState.supply(h.state).minted();
        h.normal(report(FEED_A, 100_000), report(FEED_B, 104_000));
        assertThat(h.one(h.sign(alice, new Payloads.CoinRedemption(Amount.ofWhole(7), "BTC", "payout-1"))).applied())
                .isTrue();
        CoinStatus st = LedgerState.coinStatus(h.state);
        assertThat(st.burned()).isEqualTo(Amount.ofWhole(7));
        assertThat(st.circulating()).isEqualTo(st.minted().minus(Amount.ofWhole(7)));
        assertThat(st.minted()).isGreaterThan(minted0); // block rewards
        assertThat(st.height()).isEqualTo(h.height);
        assertThat(st.rates()).filteredOn(r -> r.currency().equals("BTC")).singleElement()
                .satisfies(r -> assertThat(r.median()).hasValue(102_000L));
        assertThat(st.rates()).filteredOn(r -> r.currency().equals("ETH")).singleElement()
                .satisfies(r -> assertThat(r.median()).isEmpty());
    }

    @Test
    void theCoinContractHoldsNothing() { // covers: N5
        Receipt r = h.one(h.sign(alice, new Payloads.Transfer(TokenId.COIN_CONTRACT, TokenId.COIN, Amount.ONE)));
        assertThat(r.reason()).isEqualTo(RejectReason.COIN_CONTRACT_HOLDS_NOTHING);
        assertThat(h.coin(TokenId.COIN_CONTRACT)).isEqualTo(Amount.ZERO);
    }
}
