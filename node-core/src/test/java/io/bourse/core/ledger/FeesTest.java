package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import org.junit.jupiter.api.Test;

/** M5, K8: weekly operating fees by block time (the full worked example is {@link EconomicsExampleTest}). */
class FeesTest {
    static final long WEEK = 7L * 24 * 3600 * 1000;
    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(0);
    final KeyPair alice = h.user(1);
    final Address operator = h.coinOperator.address(); // every fee address of the default parameters

    @Test
    void feesFallDueOnlyWhenABlockTimestampReachesTheWeek() { // covers: M5
        Address c = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 20_000);
        h.one(h.sign(alice, pay(c, Amount.ofWhole(100))));
        h.advance(WEEK - 10_000);
        h.normal();
        assertThat(LedgerState.lastFee(h.state, c)).isEmpty();
        h.advance(10_000);
        h.normal();
        FeeRecord f = LedgerState.lastFee(h.state, c).orElseThrow();
        // 0.5% + 0.2% + 0.2% to the operator address, 2% to the manager, of 100 coin
        assertThat(f.value()).isEqualTo(Amount.ofWhole(100));
        assertThat(f.due()).isEqualTo(Amount.parse("2.9"));
        assertThat(h.coin(operator)).isEqualTo(Amount.parse("0.9"));
        assertThat(h.coin(manager.address())).isEqualTo(Amount.ofWhole(1000).plus(Amount.ofWhole(2)));
        assertThat(h.coin(c)).isEqualTo(Amount.parse("97.1"));
        assertThat(h.contract(c).nextFeeAtMillis()).isEqualTo(h.contract(c).createdAtMillis() + 2 * WEEK);
    }

    @Test
    void withoutCoinAContractPaysInItsOwnTreasurySharesAtItsPrice() { // covers: M5
        Address fund = h.create(manager, Amount.ofWhole(1000), Amount.ofWhole(2), 0, 0);
        Address other = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);
        h.one(h.sign(alice, pay(fund, Amount.ofWhole(100))));
        h.one(h.act(fund, buy(other, Amount.ofWhole(100), Amount.ONE)));
        assertThat(h.coin(fund)).isEqualTo(Amount.ZERO);
        h.advance(WEEK);
        h.normal();
        // value 100 shares × 1 = 100 coin; 0.9% = 0.9 coin = 0.45 of the fund's own shares at 2
        FeeRecord f = LedgerState.lastFee(h.state, fund).orElseThrow();
        assertThat(f.paidCoin()).isEqualTo(Amount.ZERO);
        assertThat(f.paidShares()).isEqualTo(Amount.parse("0.45"));
        assertThat(f.waived()).isEqualTo(Amount.ZERO);
        assertThat(h.shares(operator, fund)).isEqualTo(Amount.parse("0.45"));
    }

    @Test
    void everyMissedWeekIsChargedAndRestrictedContractsPayToo() { // covers: M5
        Address c = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, pay(c, Amount.ofWhole(1000))));
        h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(c, true)));
        h.advance(3 * WEEK);
        h.normal();
        // 0.9% three times, each on the value left: 1000 → 991 → 982.081 → 973.242271
        assertThat(h.coin(c)).isEqualTo(Amount.parse("973.242271"));
        assertThat(h.coin(operator)).isEqualTo(Amount.parse("26.757729"));
        assertThat(h.contract(c).nextFeeAtMillis()).isEqualTo(h.contract(c).createdAtMillis() + 4 * WEEK);
    }

    @Test
    void closedContractsAndTheCoinContractPayNothing() { // covers: M5, K5
        Address c = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, buy(c, Amount.ofWhole(10), Amount.ONE)));
        h.one(h.sign(manager, new Payloads.ContractClose(c)));
        h.normal();
        assertThat(h.contract(c).status()).isEqualTo(ContractStatus.CLOSED);
        h.advance(2 * WEEK);
        h.normal();
        assertThat(LedgerState.lastFee(h.state, c)).isEmpty();
        assertThat(h.coin(operator)).isEqualTo(Amount.ZERO);
    }

    @Test
    void evenSplitGivesLeftoverUnitsToTheFirstAddresses() { // covers: M5
        assertThat(Distribution.even(Amount.ofUnits(10), 3)).extracting(Amount::units).containsExactly(4L, 3L, 3L);
        assertThat(Distribution.even(Amount.ofUnits(2), 3)).extracting(Amount::units).containsExactly(1L, 1L, 0L);
    }
}
