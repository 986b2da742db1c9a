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

    // ---- N2: the operator's own configuration ----

    Commitment configure(KeyPair by, String... currencies) {
        return h.sign(by, new Payloads.CoinConfigUpdate(List.of(currencies)));
    }

    @Test
    void theOperatorChoosesTheCurrenciesAndAPurchaseInAnotherIsRefused() { // covers: N2
        assertThat(CoinContract.config(h.state)).isEqualTo(CoinConfig.DEFAULT);
        h.normal(report(FEED_A, 100_000), report(FEED_B, 100_000));
        Receipt changed = h.one(configure(op, "USD", "EUR"));
        assertThat(changed.applied()).isTrue();
        assertThat(changed.message()).contains("[BTC, ETH, USD] → [USD, EUR]");
        // BTC had fresh rates and a purchase would have passed the rate check: the currency alone refuses it
        Receipt refused = h.one(purchase(100_000, "tx-1"));
        assertThat(refused.reason()).isEqualTo(RejectReason.CURRENCY_NOT_ACCEPTED);
        assertThat(refused.message()).contains("a purchase in BTC").contains("[USD, EUR]").contains("N2");
        assertThat(h.coin(alice.address())).isEqualTo(Amount.ofWhole(1000));
        assertThat(h.one(h.sign(FEED_A, new Payloads.RateReport("BTC", 100_000))).reason())
                .isEqualTo(RejectReason.CURRENCY_NOT_ACCEPTED);
        // EUR is accepted now: reports and a purchase in it pass
        h.normal(h.sign(FEED_A, new Payloads.RateReport("EUR", 95_000_000)),
                h.sign(FEED_B, new Payloads.RateReport("EUR", 95_000_000)));
        assertThat(h.one(h.sign(op, new Payloads.CoinPurchase(alice.address(), "EUR", Amount.ONE, 95_000_000, "eur-1")))
                .applied()).isTrue();
        assertThat(LedgerState.coinStatus(h.state).acceptedCurrencies()).containsExactly("USD", "EUR");
    }

    @Test
    void onlyTheOperatorChangesTheConfigurationAndNotTheSignersParameters() { // covers: N2
        for (KeyPair k : List.of(alice, h.signers.get(0), FEED_A)) {
            Receipt r = h.one(configure(k, "DOGE"));
            assertThat(r.reason()).as(k.address().text()).isEqualTo(RejectReason.NOT_COIN_OPERATOR);
            assertThat(r.message()).contains("Coin Contract's configuration");
        }
        assertThat(CoinContract.config(h.state)).isEqualTo(CoinConfig.DEFAULT);
        // the signers' parameters have no say: a document that names currencies is refused
        String withCurrencies = h.params.toJson().replaceFirst("\\{", "{\"acceptedCurrencies\":[\"DOGE\"],");
        assertThatThrownBy(() -> io.bourse.core.params.ParametersJson.parse(withCurrencies))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("acceptedCurrencies")
                .hasMessageContaining("Coin Contract's own configuration");
    }

    @Test
    void aConfigurationIsCheckedBeforeItIsSigned() { // covers: N2
        assertThatThrownBy(() -> new Payloads.CoinConfigUpdate(List.of("USD", "USD")))
                .hasMessageContaining("USD is listed twice");
        assertThatThrownBy(() -> new Payloads.CoinConfigUpdate(List.of("usd")))
                .hasMessageContaining("acceptedCurrencies: currency usd must be 1 to 16 characters");
        assertThatThrownBy(() -> CoinConfig.fromJson(io.bourse.core.params.ParametersJson.MAPPER.createObjectNode()
                .put("currencies", "USD"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("coinContract.currencies");
    }

    // ---- N3: redemption and the operator's payout record ----

    Commitment redeem(KeyPair by, String amount, String currency) {
        return h.sign(by, new Payloads.CoinRedemption(Amount.parse(amount), currency, "iban:" + by.address().text()));
    }

    Commitment payout(KeyPair by, Commitment redemption, String ref, String paid) {
        return h.sign(by, new Payloads.CoinPayout(redemption.id(), ref, Amount.parse(paid)));
    }

    @Test
    void aRedemptionInACurrencyNotAcceptedIsRefusedAndBurnsNothing() { // covers: N3
        Amount before = h.coin(alice.address());
        Receipt r = h.one(redeem(alice, "5", "DOGE"));
        assertThat(r.reason()).isEqualTo(RejectReason.CURRENCY_NOT_ACCEPTED);
        assertThat(r.message()).contains("a redemption in DOGE");
        assertThat(h.coin(alice.address())).isEqualTo(before);
        assertThat(LedgerState.supply(h.state).burned()).isEqualTo(Amount.ZERO);
        assertThat(CoinContract.payoutTotals(h.state).pendingCount()).isZero();
    }

    @Test
    void theOperatorRecordsEachPayoutOnceAgainstAPendingRedemption() { // covers: N3, N6
        h.normal(report(FEED_A, 100_000_000), report(FEED_B, 100_000_000)); // 1 coin per BTC
        Commitment red = redeem(alice, "2", "BTC");
        Receipt burned = h.one(red);
        assertThat(burned.message()).contains("burned 2 coin").contains("(2 BTC at the median rate)");
        CoinStatus st = LedgerState.coinStatus(h.state);
        assertThat(st.payouts().pendingCount()).isEqualTo(1);
        assertThat(st.payouts().pendingCoin()).isEqualTo(Amount.ofWhole(2));
        assertThat(st.pendingOldest()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(red.id());
            assertThat(p.redeemer()).isEqualTo(alice.address());
            assertThat(p.payoutRef()).isEqualTo("iban:" + alice.address().text());
            assertThat(p.payout()).isEmpty();
        });

        assertThat(h.one(payout(alice, red, "wire-1", "2")).reason()).isEqualTo(RejectReason.NOT_COIN_OPERATOR);
        Commitment nowhere = h.sign(op, new Payloads.CoinPayout(io.bourse.core.types.Hash.of(new byte[] {9}), "wire-1",
                Amount.ONE));
        assertThat(h.one(nowhere).reason()).isEqualTo(RejectReason.UNKNOWN_REDEMPTION);

        Receipt paid = h.one(payout(op, red, "wire-1", "2"));
        assertThat(paid.applied()).as(paid.message()).isTrue();
        Receipt twice = h.one(payout(op, red, "wire-2", "2"));
        assertThat(twice.reason()).isEqualTo(RejectReason.PAYOUT_RECORDED);
        assertThat(twice.message()).contains("paid out already (reference wire-1)");
        Commitment other = redeem(alice, "1", "BTC");
        h.one(other);
        Receipt sameRef = h.one(payout(op, other, "wire-1", "1"));
        assertThat(sameRef.reason()).isEqualTo(RejectReason.PAYOUT_RECORDED);
        assertThat(sameRef.message()).contains("outside reference wire-1");

        CoinContract.Redemption r = CoinContract.redemption(h.state, red.id()).orElseThrow();
        assertThat(r.payout()).hasValueSatisfying(p -> {
            assertThat(p.reference()).isEqualTo("wire-1");
            assertThat(p.paid()).isEqualTo(Amount.ofWhole(2));
        });
        assertThat(r.mismatched()).isFalse();
        st = LedgerState.coinStatus(h.state);
        assertThat(st.payouts()).isEqualTo(new CoinContract.PayoutTotals(1, Amount.ofWhole(1), 1, Amount.ofWhole(2), 0));
        assertThat(st.pendingOldest()).extracting(CoinContract.Redemption::id).containsExactly(other.id());
        assertThat(st.flags()).extracting(CoinContract.Flag::code).doesNotContain("payout-amount-mismatch",
                "payouts-overdue");
    }

    @Test
    void aPayoutFarFromTheMedianRateIsRecordedAndFlagged() { // covers: N3, N6
        h.normal(report(FEED_A, 50_000_000), report(FEED_B, 50_000_000)); // 0.5 coin per BTC: 3 coin is 6 BTC
        Commitment red = redeem(alice, "3", "BTC");
        h.one(red);
        // 1% of 6 is 0.06: 5.94 passes, 5.9399 is flagged
        Commitment fair = redeem(alice, "3", "BTC");
        h.one(fair);
        assertThat(h.one(payout(op, fair, "wire-a", "5.94")).message()).doesNotContain("flagged");
        Receipt short_ = h.one(payout(op, red, "wire-b", "5.9399"));
        assertThat(short_.applied()).isTrue();
        assertThat(short_.message()).contains("flagged: expected 6 at the median rate");
        CoinStatus st = LedgerState.coinStatus(h.state);
        assertThat(st.payouts().mismatchedCount()).isEqualTo(1);
        assertThat(st.flags()).filteredOn(f -> f.code().equals("payout-amount-mismatch")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("1 payout(s)"));
    }

    @Test
    void aRedemptionWaitingLongerThanTheBoundIsFlaggedOverdue() { // covers: N3, N6
        Commitment red = redeem(alice, "1", "USD"); // no USD rates: recorded without a median, never "mismatched"
        h.one(red);
        assertThat(CoinContract.redemption(h.state, red.id()).orElseThrow().expectedPayout()).isEmpty();
        assertThat(LedgerState.coinStatus(h.state).flags()).extracting(CoinContract.Flag::code)
                .doesNotContain("payouts-overdue");
        h.advance(CoinContract.PAYOUT_MAX_WAIT_MILLIS);
        h.normal();
        assertThat(LedgerState.coinStatus(h.state).flags()).filteredOn(f -> f.code().equals("payouts-overdue"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains(red.id().toString())
                        .contains("72 hours"));
        h.one(payout(op, red, "wire-late", "1"));
        assertThat(LedgerState.coinStatus(h.state).flags()).extracting(CoinContract.Flag::code)
                .doesNotContain("payouts-overdue", "payout-amount-mismatch");
    }

    // ---- N6: the operator's reserve reports beside the chain ----

    Commitment reserves(KeyPair by, Payloads.Reserve... rs) {
        return h.sign(by, new Payloads.CoinReserveReport(List.of(rs), "First Custody Bank", "https://audit.example/r1"));
    }

    @Test
    void reserveReportsAreValuedAtTheMediansAndComparedWithTheSupply() { // covers: N6
        assertThat(LedgerState.coinStatus(h.state).flags()).extracting(CoinContract.Flag::code)
                .contains("no-reserve-report");
        assertThat(h.one(reserves(alice, new Payloads.Reserve("BTC", Amount.ONE))).reason())
                .isEqualTo(RejectReason.NOT_COIN_OPERATOR);
        h.normal(report(FEED_A, 100_000_000_000L), report(FEED_B, 100_000_000_000L)); // 1,000 coin per BTC
        Amount circulating = LedgerState.supply(h.state).circulating();

        // too little: 1 BTC is 1,000 coin, below what circulates
        Receipt low = h.one(reserves(op, new Payloads.Reserve("BTC", Amount.ONE)));
        assertThat(low.message()).contains("reserve report 1: reserves worth 1000 coin at median rates");
        CoinStatus st = LedgerState.coinStatus(h.state);
        assertThat(st.latestReport()).hasValueSatisfying(r -> {
            assertThat(r.number()).isEqualTo(1);
            assertThat(r.custodian()).isEqualTo("First Custody Bank");
            assertThat(r.auditorRef()).isEqualTo("https://audit.example/r1");
            assertThat(r.reservesValue()).isEqualTo(Amount.ofWhole(1000));
            assertThat(r.circulatingAtReport()).isGreaterThanOrEqualTo(circulating);
        });
        assertThat(st.flags()).extracting(CoinContract.Flag::code).contains("reserves-below-supply")
                .doesNotContain("no-reserve-report");

        // enough BTC, and a currency with no median: counted as unvalued, not as enough
        h.one(reserves(op, new Payloads.Reserve("BTC", Amount.ofWhole(1_000)), new Payloads.Reserve("USD", Amount.ONE)));
        st = LedgerState.coinStatus(h.state);
        assertThat(st.latestReport().orElseThrow().unvalued()).containsExactly("USD");
        assertThat(st.flags()).extracting(CoinContract.Flag::code).contains("reserves-unvalued")
                .doesNotContain("reserves-below-supply");

        h.one(reserves(op, new Payloads.Reserve("BTC", Amount.ofWhole(1_000))));
        st = LedgerState.coinStatus(h.state);
        assertThat(st.latestReport().orElseThrow().number()).isEqualTo(3);
        assertThat(st.flags()).isEmpty();

        h.advance(CoinContract.REPORT_MAX_AGE_MILLIS);
        h.normal();
        assertThat(LedgerState.coinStatus(h.state).flags()).extracting(CoinContract.Flag::code)
                .containsExactly("reserve-report-stale");
    }

    @Test
    void theCoinContractHoldsNothing() { // covers: N5
        Receipt r = h.one(h.sign(alice, new Payloads.Transfer(TokenId.COIN_CONTRACT, TokenId.COIN, Amount.ONE)));
        assertThat(r.reason()).isEqualTo(RejectReason.COIN_CONTRACT_HOLDS_NOTHING);
        assertThat(h.coin(TokenId.COIN_CONTRACT)).isEqualTo(Amount.ZERO);
    }
}
