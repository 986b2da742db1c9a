package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.Test;

/** Contracts on the exchange: states, hold time, invested ratio, protocol order, forced liquidation (K4, K5, K9, M2). */
class ContractTradingTest {
    /** Invested ratio 50 % with no grace period, maximum hold time a year. */
    static NetworkParameters strictRatio(NetworkParameters p) {
        return new NetworkParameters(p.chainId(), p.blockGenerationTimeMillis(), p.blockGenerator(), p.blockSigners(),
                p.blockMinimumSigners(), p.blockProductionReward(), p.contractMinimumSharePrice(), 365L * 24 * 3600,
                p.contractMinimumShareHoldTimeSeconds(), p.contractMaximumManagerFeePpm(),
                p.contractMaximumManagerSharePpm(), p.contractNetworkOperatorFeePpm(),
                p.contractNetworkOperatorFeeAddress(), p.contractFoundersFeePpm(), p.contractFoundersFeeAddress(),
                p.contractCoinContractOperatorFeePpm(), p.contractCoinContractOperatorFeeAddress(), p.networkOperator(),
                p.executionServers(), p.coinContractOperator(), 500_000, 0, p.exchangeFeePpm(),
                p.roundChangeTimeoutMillis(), p.contractExecutionQuorum(), p.contractStatementBudget(), p.rateSources());
    }

    final LedgerHarness h = new LedgerHarness(ContractTradingTest::strictRatio);
    final KeyPair manager = h.user(3);
    final KeyPair alice = h.user(0);
    final KeyPair bob = h.user(1);
    final Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
    final Address target = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);
    final TokenId targetShare = TokenId.shareOf(target);

    ContractTradingTest() {
        h.one(h.sign(alice, pay(fund, Amount.ofWhole(50))));
    }

    static Payloads.PlaceOrder sell(TokenId base, String price, String qty) {
        return new Payloads.PlaceOrder(base, TokenId.COIN, Side.SELL, OrderType.LIMIT, Amount.parse(price),
                Amount.parse(qty), 0);
    }

    static Payloads.PlaceOrder bid(TokenId base, String price, String qty) {
        return new Payloads.PlaceOrder(base, TokenId.COIN, Side.BUY, OrderType.LIMIT, Amount.parse(price),
                Amount.parse(qty), 0);
    }

    @Test
    void aContractMayNotSellSharesHeldLessThanTheMinimumHoldTime() { // covers: K9, M2
        h.one(h.act(fund, buy(target, Amount.ofWhole(40), Amount.ONE)));
        Receipt early = h.one(h.act(fund, sell(targetShare, "1", "10")));
        assertThat(early.reason()).isEqualTo(RejectReason.HOLD_TIME);
        assertThat(early.message()).startsWith("action 0 (PLACE_ORDER): sale of 10 shares");
        h.advance(60_000);
        assertThat(h.one(h.act(fund, sell(targetShare, "1", "10"))).applied()).isTrue();
        assertThat(LedgerState.reserved(h.state, fund, targetShare)).isEqualTo(Amount.ofWhole(10));
    }

    @Test
    void anOrderThatWouldTakeTheInvestedRatioBelowTheMinimumIsRejected() { // covers: K9
        h.one(h.act(fund, buy(target, Amount.ofWhole(40), Amount.ONE)));
        h.advance(60_000);
        Receipt r = h.one(h.act(fund, sell(targetShare, "1", "35")));
        assertThat(r.reason()).isEqualTo(RejectReason.INVESTED_RATIO);
        assertThat(r.message()).contains("below contractMinimumInvestedRatio 500000 ppm (50%)");
        assertThat(h.one(h.act(fund, sell(targetShare, "1", "10"))).applied()).isTrue();
    }

    @Test
    void aClosingContractMaySellForCoinOnly() { // covers: K5, M2
        h.one(h.act(fund, buy(target, Amount.ofWhole(40), Amount.ONE)));
        h.advance(60_000);
        Commitment resting = h.act(fund, bid(targetShare, "0.5", "2"));
        h.one(resting);
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        assertThat(Market.openOrders(h.state, fund)).as("closing cancels its orders").isEmpty();
        Receipt buyOrder = h.one(h.act(fund, bid(targetShare, "1", "1")));
        assertThat(buyOrder.reason()).isEqualTo(RejectReason.CONTRACT_STATE);
        assertThat(buyOrder.message()).contains("may only sell its holdings for Coin");
        assertThat(h.one(h.act(fund, sell(targetShare, "1", "40"))).applied()).isTrue();
    }

    @Test
    void restrictingAContractCancelsItsRestingOrders() { // covers: K4, M2
        h.one(h.act(fund, bid(targetShare, "0.5", "20")));
        assertThat(LedgerState.reserved(h.state, fund, TokenId.COIN)).isEqualTo(Amount.ofWhole(10));
        h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(fund, true)));
        assertThat(Market.openOrders(h.state, fund)).isEmpty();
        assertThat(LedgerState.reserved(h.state, fund, TokenId.COIN)).isEqualTo(Amount.ZERO);
    }

    @Test
    void contractResultsApplyAtTheEndOfTheBlockInProtocolOrderWhateverTheGeneratorsOrder() { // covers: M2, K6
        Address other = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, pay(other, Amount.ofWhole(50))));
        h.one(h.sign(alice, buy(target, Amount.ofWhole(1), Amount.ONE)));
        h.one(h.sign(alice, sell(targetShare, "1", "1")));
        long height = h.height + 1;
        Address first = Execution.priority(height, fund).compareTo(Execution.priority(height, other)) < 0 ? fund : other;
        Address second = first.equals(fund) ? other : fund;
        Payloads.PlaceOrder ioc = new Payloads.PlaceOrder(targetShare, TokenId.COIN, Side.BUY,
                OrderType.IMMEDIATE_OR_CANCEL, Amount.ONE, Amount.ONE, 0);
        // the generator puts the later contract first and a user's order after both
        var receipts = h.normal(h.act(second, ioc), h.act(first, ioc));
        assertThat(receipts).allMatch(Receipt::applied);
        assertThat(h.shares(first, target)).isEqualTo(Amount.parse("0.999"));
        assertThat(h.shares(second, target)).isEqualTo(Amount.ZERO);
    }

    @Test
    void aClosingContractThatDoesNotLiquidateIsSoldAtMarketInSlicesAndThenRepurchases() { // covers: K5, M2
        h.one(h.act(fund, buy(target, Amount.parse("40.00005"), Amount.ONE)));
        h.one(h.sign(bob, bid(targetShare, "0.8", "50")));
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        long start = h.contract(fund).closingSinceHeight() + Closing.FORCED_LIQUIDATION_BLOCKS;
        h.skipHeights(start - 2 - h.height);
        h.normal();
        assertThat(h.height).isEqualTo(start - 1);
        assertThat(h.shares(fund, target)).as("not yet due").isEqualTo(Amount.parse("40.00005"));
        h.normal();
        assertThat(h.shares(fund, target)).as("first slice: ⌈40.00005 ÷ 10⌉ rounded up to the lot grid")
                .isEqualTo(Amount.parse("35.99995"));
        for (long i = 1; i < LedgerSales.SLICES; i++) {
            assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.CLOSING);
            h.normal();
        }
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        assertThat(h.shares(bob.address(), target)).as("40 bought less the 0.1 % fee").isEqualTo(Amount.parse("39.96"));
        assertThat(h.shares(target, target)).as("the dust 0.00005 went back to the issuer's treasury")
                .isEqualTo(Amount.ofWhole(960));
        assertThat(h.contract(fund).status()).isEqualTo(ContractStatus.CLOSED);
        assertThat(h.coin(fund)).isEqualTo(Amount.ZERO);
        var log = LedgerActions.log(h.state, fund);
        assertThat(log).extracting(LedgerActions.Entry::kind).containsSubsequence(
                LedgerActions.Kind.LIQUIDATION_SALE, LedgerActions.Kind.DUST_RETURNED, LedgerActions.Kind.REPURCHASED);
        assertThat(log).filteredOn(e -> e.kind() == LedgerActions.Kind.LIQUIDATION_SALE).hasSize((int) LedgerSales.SLICES);
        assertThat(log.get(0).note()).contains("offered 4.0001 at market, sold 4.0001 for 3.19687992 Coin");
    }
}
