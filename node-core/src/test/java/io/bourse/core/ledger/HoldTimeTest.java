package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** K9 and K6: contracts act through New Block Action results; what they hold carries its acquisition time. */
class HoldTimeTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(0);
    final KeyPair alice = h.user(1);
    Address fund;
    Address target;

    @BeforeEach
    void twoContracts() {
        fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        target = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, pay(fund, Amount.ofWhole(50))));
    }

    Payloads.Transfer giveAway(Amount qty) {
        return new Payloads.Transfer(alice.address(), TokenId.shareOf(target), qty);
    }

    @Test
    void sharesAContractBuysAreLotsWithTheBlockTime() { // covers: K9, M1
        assertThat(h.one(h.act(fund, buy(target, Amount.ofWhole(3), Amount.ONE))).applied()).isTrue();
        long t1 = h.time;
        h.one(h.act(fund, buy(target, Amount.ofWhole(2), Amount.ONE)));
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target)))
                .containsExactly(new Lot(t1, Amount.ofWhole(3)), new Lot(h.time, Amount.ofWhole(2)));
        assertThat(h.coin(fund)).isEqualTo(Amount.ofWhole(45));
    }

    @Test
    void contractCannotSellSharesHeldLessThanTheMinimumHoldTime() { // covers: K9
        h.one(h.act(fund, buy(target, Amount.parse("3.5"), Amount.ONE)));
        h.advance(10_000);
        Receipt early = h.one(h.act(fund, giveAway(Amount.parse("3.5"))));
        assertThat(early.reason()).isEqualTo(RejectReason.HOLD_TIME);
        assertThat(early.message()).contains("sale of 3.5 shares of " + target.text()).contains("held 11 s")
                .contains("minimum hold time 60 s").startsWith("action 0 (TRANSFER)");
        h.advance(60_000);
        assertThat(h.one(h.act(fund, giveAway(Amount.parse("3.5")))).applied()).isTrue();
        assertThat(h.shares(alice.address(), target)).isEqualTo(Amount.parse("3.5"));
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target))).isEmpty();
    }

    @Test
    void oldLotsGoFirstAndOnlyThoseOldEnoughMaySell() { // covers: K9
        h.one(h.act(fund, buy(target, Amount.ofWhole(2), Amount.ONE)));
        h.advance(70_000);
        h.one(h.act(fund, buy(target, Amount.ofWhole(5), Amount.ONE)));
        assertThat(h.one(h.act(fund, giveAway(Amount.ofWhole(3)))).message()).contains("(only 2 may be sold now)");
        assertThat(h.one(h.act(fund, giveAway(Amount.ofWhole(2)))).applied()).isTrue();
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target))).extracting(Lot::quantity)
                .containsExactly(Amount.ofWhole(5));
    }

    @Test
    void sharesHeldPastTheMaximumAreSoldAtMarketInSlicesWhetherOrNotTheContractActs() { // covers: K9, M2
        h.one(h.act(fund, buy(target, Amount.ofWhole(2), Amount.ONE)));
        h.one(h.sign(alice, new Payloads.PlaceOrder(TokenId.shareOf(target), TokenId.COIN, Payloads.Side.BUY,
                Payloads.OrderType.LIMIT, Amount.parse("0.9"), Amount.ofWhole(10), 0)));
        h.advance(h.params.contractMaximumShareHoldTimeSeconds() * 1000);
        // overdue shares no longer freeze the contract: it buys again in the block whose start sells the first slice
        assertThat(h.one(h.act(fund, buy(target, Amount.ONE, Amount.ONE))).applied()).isTrue();
        assertThat(h.shares(fund, target)).as("first slice ⌈2 ÷ 10⌉ sold, 1 bought").isEqualTo(Amount.parse("2.8"));
        for (int i = 1; i < LedgerSales.SLICES; i++) {
            h.normal();
        }
        assertThat(h.shares(fund, target)).as("only the young lot is left").isEqualTo(Amount.ONE);
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target))).extracting(Lot::quantity)
                .containsExactly(Amount.ONE);
        assertThat(h.shares(alice.address(), target)).as("2 bought less the 0.1 % fee").isEqualTo(Amount.parse("1.998"));
        var sales = LedgerActions.log(h.state, fund);
        assertThat(sales.stream().map(LedgerActions.Entry::coin).reduce(Amount.ZERO, Amount::plus))
                .as("10 slices × (0.18 − the 0.1 % fee)").isEqualTo(Amount.parse("1.7982"));
        assertThat(sales).hasSize((int) LedgerSales.SLICES).allMatch(e -> e.kind() == LedgerActions.Kind.HOLD_TIME_SALE
                && e.quantity().equals(Amount.parse("0.2")) && e.coin().equals(Amount.parse("0.17982")));
        assertThat(sales.get(0).note()).contains("held past contractMaximumShareHoldTime 604800 s: 2 overdue");
        h.normal();
        assertThat(LedgerActions.log(h.state, fund)).as("nothing overdue, nothing more sold").hasSize(sales.size());
    }

    @Test
    void anOverdueRemainderBelowOneLotGoesBackToItsIssuer() { // covers: K9
        Amount treasury = h.shares(target, target);
        h.one(h.act(fund, buy(target, Amount.parse("0.00005"), Amount.ONE)));
        h.advance(h.params.contractMaximumShareHoldTimeSeconds() * 1000);
        h.normal();
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        assertThat(h.shares(target, target)).isEqualTo(treasury);
        assertThat(LedgerActions.log(h.state, fund)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LedgerActions.Kind.DUST_RETURNED);
            assertThat(e.note()).contains("given to its issuer's treasury " + target.text());
        });
    }

    @Test
    void overdueSharesHeldBackByTheContractsOwnRestingSellAreReleasedAndSold() { // covers: K9, M2
        h.one(h.act(fund, buy(target, Amount.ofWhole(2), Amount.ONE)));
        h.advance(60_000);
        h.one(h.act(fund, new Payloads.PlaceOrder(TokenId.shareOf(target), TokenId.COIN, Payloads.Side.SELL,
                Payloads.OrderType.LIMIT, Amount.ofWhole(50), Amount.ofWhole(2), 0)));
        assertThat(LedgerState.reserved(h.state, fund, TokenId.shareOf(target))).isEqualTo(Amount.ofWhole(2));
        h.one(h.sign(alice, new Payloads.PlaceOrder(TokenId.shareOf(target), TokenId.COIN, Payloads.Side.BUY,
                Payloads.OrderType.LIMIT, Amount.parse("0.9"), Amount.ofWhole(10), 0)));
        h.advance(h.params.contractMaximumShareHoldTimeSeconds() * 1000);
        h.normal();
        assertThat(Market.openOrders(h.state, fund)).isEmpty();
        assertThat(h.shares(fund, target)).isEqualTo(Amount.parse("1.8"));
    }

    @Test
    void keyHoldersAndOwnSharesHaveNoLotsOrHoldTime() { // covers: K9
        h.one(h.sign(alice, buy(target, Amount.ONE, Amount.ONE)));
        assertThat(h.one(h.sign(alice, new Payloads.Transfer(manager.address(), TokenId.shareOf(target), Amount.ONE)))
                .applied()).isTrue();
        // the fund pays with its own shares at once (share swapping)
        assertThat(h.one(h.act(fund, new Payloads.Transfer(alice.address(), TokenId.shareOf(fund), Amount.ONE)))
                .applied()).isTrue();
        assertThat(LedgerState.lots(h.state, alice.address(), TokenId.shareOf(target))).isEmpty();
    }

    @Test
    void sharesGivenToAContractStartALotAtTheBlockTime() { // covers: K9
        h.one(h.sign(alice, buy(target, Amount.ONE, Amount.ONE)));
        h.one(h.sign(alice, new Payloads.Transfer(fund, TokenId.shareOf(target), Amount.ONE)));
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target)))
                .containsExactly(new Lot(h.time, Amount.ONE));
    }

    @Test
    void onlyAnExecutionServerSubmitsResultsOnceAndInOrder() { // covers: K6
        Commitment forged = h.sign(alice, h.results(h.height, h.result(fund, h.height, List.of(), List.of())));
        assertThat(h.one(forged).reason()).isEqualTo(RejectReason.NOT_EXECUTION_SERVER);
        long forHeight = h.height;
        Commitment first = h.act(fund);
        Commitment again = h.act(fund);
        List<Receipt> rs = h.normal(first, again);
        assertThat(rs.get(0).applied()).isTrue();
        assertThat(h.lastReceipts.get(1).message()).contains("this server already voted");
        assertThat(LedgerState.lastExecutedHeight(h.state, fund)).isEqualTo(forHeight);
        Commitment late = h.sign(h.executionServer, h.results(forHeight, h.result(fund, forHeight, List.of(), List.of())));
        assertThat(h.vote(late).message()).contains("0 of 1 results").contains("already decided");
    }

    @Test
    void restrictedContractMayNotActAndAFailedActionUndoesTheWholeResult() { // covers: K4, K6
        Receipt partial = h.one(h.act(fund, buy(target, Amount.ONE, Amount.ONE), pay(alice.address(), Amount.ofWhole(500))));
        assertThat(partial.reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(partial.message()).startsWith("action 1 (TRANSFER)");
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(fund, true)));
        Receipt r = h.vote(h.act(fund, buy(target, Amount.ONE, Amount.ONE)));
        assertThat(r.message()).contains("0 of 1 results").contains("Restricted and does not run");
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
    }

    @Test
    void repurchaseTakesBackSharesAContractHoldsWithoutTheHoldRule() { // covers: K5, K9
        h.one(h.act(fund, buy(target, Amount.ofWhole(4), Amount.ONE)));
        h.one(h.sign(manager, new Payloads.ContractClose(target)));
        h.normal();
        assertThat(h.contract(target).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        assertThat(LedgerState.lots(h.state, fund, TokenId.shareOf(target))).isEmpty();
        assertThat(h.coin(fund)).isEqualTo(Amount.ofWhole(50));
    }
}
