package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** N2–N6: minting against fresh rates, redemption, and the status anyone can check. */
class CoinContractTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair op = h.coinOperator;
    final KeyPair alice = h.user(1);

    Commitment report(KeyPair by, String source, long rate) {
        return h.sign(by, new Payloads.RateReport("BTC", source, rate));
    }

    Commitment purchase(long rate, String ref) {
        return h.sign(op, new Payloads.CoinPurchase(alice.address(), "BTC", Amount.parse("0.5"), rate, ref));
    }

    @Test
    void purchaseNeedsAtLeastTwoFreshRateReports() { // covers: N4
        Receipt none = h.one(purchase(100_000, "tx-1"));
        assertThat(none.reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        assertThat(none.message()).contains("only 0 fresh rate reports for BTC").contains("at least 2");
        h.one(report(op, "exchange-a", 100_000));
        assertThat(h.one(purchase(100_000, "tx-1")).reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        h.one(report(h.signers.get(1), "exchange-b", 102_000));
        assertThat(h.one(purchase(101_000, "tx-1")).applied()).isTrue();
        // 0.5 BTC × 101,000 coin units per BTC
        assertThat(h.coin(alice.address())).isEqualTo(Amount.ofWhole(1000).plus(Amount.ofUnits(50_500)));
    }

    @Test
    void purchaseRateMustBeWithinOnePercentOfTheMedian() { // covers: N4
        h.normal(report(op, "a", 1_000_000), report(op, "b", 1_010_000), report(op, "c", 5_000_000));
        // median of three is 1,010,000; 1% of it is 10,100
        assertThat(h.one(purchase(1_020_100, "tx-1")).applied()).isTrue();
        Receipt off = h.one(purchase(1_020_101, "tx-2"));
        assertThat(off.reason()).isEqualTo(RejectReason.RATE_OFF_MEDIAN);
        assertThat(off.message()).contains("median 1010000 of 3 fresh reports");
        assertThat(h.one(purchase(999_900, "tx-3")).applied()).isTrue();
    }

    @Test
    void staleReportsDoNotCount() { // covers: N4
        h.normal(report(op, "a", 100_000), report(op, "b", 100_000));
        h.advance(Rates.MAX_AGE_MILLIS);
        assertThat(h.one(purchase(100_000, "tx-1")).reason()).isEqualTo(RejectReason.RATES_UNAVAILABLE);
        h.normal(report(op, "a", 100_000), report(op, "b", 100_000));
        assertThat(h.one(purchase(100_000, "tx-1")).applied()).isTrue();
    }

    @Test
    void onlyTheOperatorOrASignerReportsAndOnlyAcceptedCurrencies() { // covers: N2, N4
        assertThat(h.one(report(alice, "a", 1)).reason()).isEqualTo(RejectReason.NOT_COIN_OPERATOR);
        assertThat(h.one(h.sign(op, new Payloads.RateReport("DOGE", "a", 1))).reason())
                .isEqualTo(RejectReason.CURRENCY_NOT_ACCEPTED);
        h.one(report(op, "a", 1));
        h.one(report(op, "a", 2));
        assertThat(LedgerState.rateReports(h.state, "BTC")).singleElement().extracting(RateEntry::rate).isEqualTo(2L);
    }

    @Test
    void paymentReferenceMintsOnceAndOnlyTheOperatorMints() { // covers: N2
        h.normal(report(op, "a", 100_000), report(op, "b", 100_000));
        List<Receipt> rs = h.normal(purchase(100_000, "tx-9"), purchase(100_000, "tx-9"),
                h.sign(alice, new Payloads.CoinPurchase(alice.address(), "BTC", Amount.ONE, 100_000, "tx-10")));
        assertThat(rs.get(0).applied()).isTrue();
        assertThat(rs.get(1).reason()).isEqualTo(RejectReason.DUPLICATE_PAYMENT_REFERENCE);
        assertThat(rs.get(2).reason()).isEqualTo(RejectReason.NOT_COIN_OPERATOR);
    }

    @Test
    void redemptionBurnsAndTheStatusShowsSupplyAndRates() { // covers: N3, N6
        Amount minted0 = LedgerState.supply(h.state).minted();
        h.normal(report(op, "a", 100_000), report(op, "b", 104_000));
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
