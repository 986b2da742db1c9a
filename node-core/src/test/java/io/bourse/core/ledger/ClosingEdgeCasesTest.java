package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** K5's edge cases: no Network Operator fee address, no outstanding shares. */
class ClosingEdgeCasesTest {
    @Test
    void aContractWithNoOperatorFeeAddressStillLiquidatesAndCloses() { // covers: K5
        LedgerHarness h = new LedgerHarness(p -> LedgerHarness.withFees(p, 0, List.of(),
                p.contractCoinContractOperatorFeePpm(), p.contractCoinContractOperatorFeeAddress(),
                p.contractFoundersFeePpm(), p.contractFoundersFeeAddress()));
        KeyPair manager = h.user(3);
        KeyPair bob = h.user(1);
        Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        Address target = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);
        h.one(h.sign(h.user(0), pay(fund, Amount.ofWhole(50))));
        h.one(h.act(fund, buy(target, Amount.parse("40.00005"), Amount.ONE)));
        h.one(h.sign(bob, ContractTradingTest.bid(TokenId.shareOf(target), "0.8", "50")));
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        h.skipHeights(h.contract(fund).closingSinceHeight() + Closing.FORCED_LIQUIDATION_BLOCKS - 1 - h.height);
        for (int i = 0; i < LedgerSales.SLICES; i++) {
            h.normal();
        }
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.shares(bob.address(), target)).as("no payee, no exchange fee").isEqualTo(Amount.ofWhole(40));
        assertThat(h.shares(target, target)).as("the dust back in the issuer's treasury").isEqualTo(Amount.ofWhole(960));
        assertThat(LedgerState.holdings(h.state, fund).keySet()).containsExactly(TokenId.shareOf(fund));
        assertThat(LedgerAudit.problems(h.state)).isEmpty();
    }

    @Test
    void coinOfAClosingContractWithNoOutstandingSharesGoesToItsManager() { // covers: K5
        LedgerHarness h = new LedgerHarness();
        KeyPair manager = h.user(3);
        Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(manager, pay(fund, Amount.parse("25.5"))));
        Amount before = h.coin(manager.address());
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        h.normal();
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.coin(fund)).isEqualTo(Amount.ZERO);
        assertThat(h.coin(manager.address())).isEqualTo(before.plus(Amount.parse("25.5")));
        assertThat(LedgerActions.log(h.state, fund)).extracting(LedgerActions.Entry::kind)
                .containsExactly(LedgerActions.Kind.RESIDUAL_COIN, LedgerActions.Kind.REPURCHASED);
        assertThat(LedgerAudit.problems(h.state)).isEmpty();
    }

    @Test
    void theRepurchaseIsLogged() { // covers: K5
        LedgerHarness h = new LedgerHarness();
        KeyPair manager = h.user(3);
        Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(h.user(0), buy(fund, Amount.ofWhole(10), Amount.ONE)));
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        h.normal();
        assertThat(LedgerActions.log(h.state, fund)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LedgerActions.Kind.REPURCHASED);
            assertThat(e.quantity()).isEqualTo(Amount.ofWhole(10));
            assertThat(e.coin()).isEqualTo(Amount.ofWhole(10));
        });
    }
}
