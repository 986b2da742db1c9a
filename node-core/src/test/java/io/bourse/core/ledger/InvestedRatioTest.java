package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.Test;

/** K9: the ledger checks the invested ratio every {@link InvestedRatio#CHECK_BLOCKS} blocks, whether or not the contract acts. */
class InvestedRatioTest {
    final LedgerHarness h = new LedgerHarness(ContractTradingTest::strictRatio); // 50 %, no grace period
    final KeyPair manager = h.user(3);
    final KeyPair alice = h.user(0);
    final Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
    final Address target = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);
    final long created = 1; // the fund's creation block; its checks are at created + k × CHECK_BLOCKS

    InvestedRatioTest() {
        h.one(h.sign(alice, pay(fund, Amount.ofWhole(50))));
    }

    void runTo(long height) {
        while (h.height < height) {
            h.normal();
        }
    }

    @Test
    void aContractBelowTheRatioAtTwoChecksInARowIsRestrictedAndItsOrdersCancelled() { // covers: K9, K4
        runTo(created + InvestedRatio.CHECK_BLOCKS - 1);
        assertThat(LedgerActions.log(h.state, fund)).isEmpty();
        h.normal();
        assertThat(LedgerActions.log(h.state, fund)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LedgerActions.Kind.BELOW_INVESTED_RATIO);
            assertThat(e.note()).contains("keeps 0 ppm (0%) of its value 50").contains("restricted at block "
                    + (created + 2 * InvestedRatio.CHECK_BLOCKS));
        });
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.ACTIVE);
        h.one(h.act(fund, ContractTradingTest.bid(TokenId.shareOf(target), "0.5", "2")));
        assertThat(Market.openOrders(h.state, fund)).hasSize(1);
        runTo(created + 2 * InvestedRatio.CHECK_BLOCKS - 1);
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.ACTIVE);
        h.normal();
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.RESTRICTED);
        assertThat(Market.openOrders(h.state, fund)).isEmpty();
        assertThat(LedgerState.reserved(h.state, fund, TokenId.COIN)).isEqualTo(Amount.ZERO);
        assertThat(LedgerActions.log(h.state, fund)).last().extracting(LedgerActions.Entry::kind)
                .isEqualTo(LedgerActions.Kind.RESTRICTED);
        assertThat(h.coin(fund)).as("a restriction moves no value").isEqualTo(Amount.ofWhole(50));
    }

    @Test
    void aContractThatInvestsBetweenTheChecksStaysActive() { // covers: K9
        runTo(created + InvestedRatio.CHECK_BLOCKS);
        assertThat(LedgerActions.log(h.state, fund)).hasSize(1);
        assertThat(h.one(h.act(fund, buy(target, Amount.ofWhole(40), Amount.ONE))).applied()).isTrue();
        runTo(created + 3 * InvestedRatio.CHECK_BLOCKS);
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(LedgerActions.log(h.state, fund)).as("no new warning once back above").hasSize(1);
        assertThat(h.state.get(StateKeys.belowRatio(fund))).isEmpty();
    }

    @Test
    void aReactivatedContractStillBelowIsWarnedAndRestrictedAgain() { // covers: K9, K4
        runTo(created + 2 * InvestedRatio.CHECK_BLOCKS);
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.RESTRICTED);
        assertThat(h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(fund, false))).applied()).isTrue();
        runTo(created + 3 * InvestedRatio.CHECK_BLOCKS);
        assertThat(h.contract(fund).status()).as("warned first").isEqualTo(ContractStatus.ACTIVE);
        runTo(created + 4 * InvestedRatio.CHECK_BLOCKS);
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.RESTRICTED);
    }

    @Test
    void noCheckBindsDuringTheGracePeriod() { // covers: K9
        LedgerHarness graceful = new LedgerHarness(); // default parameters: 50 %, seven days of grace
        Address young = graceful.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        graceful.one(graceful.sign(alice, pay(young, Amount.ofWhole(50))));
        while (graceful.height < 1 + 3 * InvestedRatio.CHECK_BLOCKS) {
            graceful.normal();
        }
        assertThat(LedgerActions.log(graceful.state, young)).isEmpty();
        assertThat(graceful.contract(young).status()).isEqualTo(ContractStatus.ACTIVE);
    }
}
