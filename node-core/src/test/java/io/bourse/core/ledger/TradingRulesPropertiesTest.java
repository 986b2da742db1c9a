package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * K5 and K9 over random markets (issue 17's "done when"): contracts that buy, sell, hold and close
 * at random, a market maker keeping bids on every book, time that jumps past the maximum hold
 * time. After every block: no contract holds a lot past the maximum hold time more than
 * {@link LedgerSales#SLICES} blocks; no Active contract past its grace period stays below the
 * invested ratio more than 2 × {@link InvestedRatio#CHECK_BLOCKS} blocks; every Closing contract is
 * Closed within {@link Closing#FORCED_LIQUIDATION_BLOCKS} + SLICES blocks, holding only its own
 * shares and no Coin; Coin = minted − burned and every share is where it should be
 * ({@link LedgerAudit}). Bounded: a fixed number of tries and of blocks per try, and the chain
 * replays to the same roots.
 */
class TradingRulesPropertiesTest {
    static final long MAX_HOLD_SECONDS = 600;
    static final long GRACE_SECONDS = 120;

    /** Maximum hold time ten minutes, minimum one, invested ratio 50 % after two minutes. */
    static NetworkParameters fastRules(NetworkParameters p) {
        return new NetworkParameters(p.chainId(), p.blockGenerationTimeMillis(), p.blockGenerator(), p.blockSigners(),
                p.blockMinimumSigners(), p.blockProductionReward(), p.contractMinimumSharePrice(), MAX_HOLD_SECONDS,
                60, p.contractMaximumManagerFeePpm(), p.contractMaximumManagerSharePpm(),
                p.contractNetworkOperatorFeePpm(), p.contractNetworkOperatorFeeAddress(), p.contractFoundersFeePpm(),
                p.contractFoundersFeeAddress(), p.contractCoinContractOperatorFeePpm(),
                p.contractCoinContractOperatorFeeAddress(), p.networkOperator(), p.executionServers(),
                p.coinContractOperator(), 500_000, GRACE_SECONDS, p.exchangeFeePpm(),
                p.roundChangeTimeoutMillis(), p.contractExecutionQuorum(), p.contractStatementBudget(), p.rateSources());
    }

    /** A market: contracts funded by users, a market maker (user 2) bidding on every share book. */
    static final class World {
        final Random rnd;
        final LedgerHarness h = new LedgerHarness(TradingRulesPropertiesTest::fastRules);
        final List<Address> contracts = new ArrayList<>();
        final KeyPair manager = h.user(3);
        final KeyPair maker = h.user(2);
        /** (holder/token) → the first block at whose end it held an overdue lot, while it does. */
        final TreeMap<String, Long> overdueSince = new TreeMap<>();
        /** contract → the first block at whose end it was Active, past its grace and below the ratio. */
        final TreeMap<Address, Long> belowSince = new TreeMap<>();
        /** Off once heights were skipped: the ratio checks due at the skipped heights never ran. */
        boolean ratioChecked = true;
        long longestOverdue;
        long longestBelow;

        World(long seed) {
            rnd = new Random(seed);
            for (int i = 0; i < 4; i++) {
                contracts.add(h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0));
            }
            List<Commitment> setup = new ArrayList<>();
            for (Address c : contracts) {
                setup.add(h.sign(h.user(0), LedgerHarness.pay(c, Amount.ofWhole(60))));
                setup.add(h.sign(h.user(1), LedgerHarness.buy(c, Amount.ofWhole(20), Amount.ONE)));
            }
            h.normal(setup.toArray(Commitment[]::new));
        }

        /** One block of random activity, then every invariant. */
        void block() {
            switch (rnd.nextInt(12)) {
                case 0 -> h.advance(MAX_HOLD_SECONDS * 1000 / 2 + rnd.nextInt(400_000));
                case 1, 2 -> h.advance(30_000 + rnd.nextInt(60_000));
                default -> { }
            }
            if (rnd.nextInt(10) == 0) {
                Address c = contracts.get(rnd.nextInt(contracts.size()));
                if (h.contract(c).status() == ContractStatus.RESTRICTED) { // the signers lift a restriction
                    h.special(h.sign(h.signers.get(0), new Payloads.ContractStateChange(c, false)));
                    check();
                    return;
                }
            }
            List<Commitment> cs = new ArrayList<>(bids());
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                cs.add(randomAct());
            }
            h.normal(cs.toArray(Commitment[]::new));
            check();
        }

        /** The market maker keeps a bid of 1000 shares at 0.01 on every book of a contract not Closed. */
        List<Commitment> bids() {
            List<Commitment> out = new ArrayList<>();
            for (Address c : contracts) {
                TokenId share = TokenId.shareOf(c);
                boolean resting = Market.openOrders(h.state, maker.address()).stream()
                        .anyMatch(o -> o.base().equals(share) && o.remaining() >= Amount.ofWhole(500).units());
                if (!resting && h.contract(c).status() != ContractStatus.CLOSED) {
                    out.add(h.sign(maker, new Payloads.PlaceOrder(share, TokenId.COIN, Side.BUY, OrderType.LIMIT,
                            Amount.parse("0.01"), Amount.ofWhole(1000), 0)));
                }
            }
            return out;
        }

        Commitment randomAct() {
            Address self = contracts.get(rnd.nextInt(contracts.size()));
            Address other = contracts.get(rnd.nextInt(contracts.size()));
            TokenId otherShare = TokenId.shareOf(other);
            Amount qty = Amount.ofUnits(10_000L * (1 + rnd.nextInt(150_000)));
            Payload p = switch (rnd.nextInt(6)) {
                case 0, 1 -> LedgerHarness.buy(other, qty, Amount.ONE);
                case 2 -> new Payloads.PlaceOrder(otherShare, TokenId.COIN, Side.SELL,
                        rnd.nextBoolean() ? OrderType.LIMIT : OrderType.MARKET,
                        Amount.ofUnits(10_000L * (1 + rnd.nextInt(200))), qty, 0);
                case 3 -> new Payloads.PlaceOrder(otherShare, TokenId.COIN, Side.BUY, OrderType.LIMIT,
                        Amount.ofUnits(10_000L * (1 + rnd.nextInt(120))), qty, 0);
                case 4 -> new Payloads.Transfer(h.user(rnd.nextInt(2)).address(), otherShare, qty);
                default -> null;
            };
            if (p == null) {
                return h.sign(h.user(rnd.nextInt(2)), rnd.nextBoolean()
                        ? LedgerHarness.buy(self, qty, Amount.ONE) : LedgerHarness.pay(self, qty));
            }
            return h.act(self, p);
        }

        void check() {
            assertThat(LedgerAudit.problems(h.state)).as("conservation after block " + h.height).isEmpty();
            long now = h.time;
            long cutoff = now - MAX_HOLD_SECONDS * 1000;
            for (Address c : contracts) {
                ContractRecord rec = h.contract(c);
                for (Address o : contracts) {
                    String key = c + "/" + o;
                    boolean overdue = LedgerState.lots(h.state, c, TokenId.shareOf(o)).stream()
                            .anyMatch(l -> l.acquiredAtMillis() < cutoff);
                    if (!overdue) {
                        overdueSince.remove(key);
                        continue;
                    }
                    long since = overdueSince.computeIfAbsent(key, k -> h.height);
                    longestOverdue = Math.max(longestOverdue, h.height - since + 1);
                    assertThat(h.height - since).as(key + " holds shares past the maximum hold time at block "
                            + h.height).isLessThan(LedgerSales.SLICES - 1);
                }
                boolean below = ratioChecked && InvestedRatio.applies(h.params, rec, now)
                        && Market.valuation(h.state, h.params, c).below(h.params.contractMinimumInvestedRatioPpm());
                if (!below) {
                    belowSince.remove(c);
                    continue;
                }
                long since = belowSince.computeIfAbsent(c, k -> h.height);
                longestBelow = Math.max(longestBelow, h.height - since + 1);
                assertThat(h.height - since).as(c + " Active and below the invested ratio at block " + h.height)
                        .isLessThan(2 * InvestedRatio.CHECK_BLOCKS);
            }
        }
    }

    @Property(tries = 8)
    void overdueSharesAreSoldAndLowRatiosRestrictedWithinTheirBounds(@ForAll long seed) { // covers: K9, N6
        World w = new World(seed);
        for (int b = 0; b < 3 * InvestedRatio.CHECK_BLOCKS; b++) {
            w.block();
        }
        LedgerPropertiesTest.replay(w.h);
        List<LedgerActions.Kind> kinds = new ArrayList<>();
        for (Address c : w.contracts) {
            LedgerActions.log(w.h.state, c).forEach(e -> kinds.add(e.kind()));
        }
        assertThat(kinds).as("the ledger sold overdue shares on its own").contains(LedgerActions.Kind.HOLD_TIME_SALE);
        if (System.getProperty("trading.stats") != null) {
            TreeMap<LedgerActions.Kind, Integer> stats = new TreeMap<>();
            kinds.forEach(k -> stats.merge(k, 1, Integer::sum));
            System.out.println("STATS " + stats + " longest overdue run " + w.longestOverdue + ", below-ratio run "
                    + w.longestBelow);
        }
    }

    @Property(tries = 6)
    void everyClosingContractIsClosedWithinTheBoundHoldingOnlyItsOwnShares(@ForAll long seed) { // covers: K5, N6
        World w = new World(seed);
        LedgerHarness h = w.h;
        for (int b = 0; b < 12; b++) {
            w.block();
        }
        List<Address> closing = new ArrayList<>();
        List<Commitment> closes = new ArrayList<>();
        for (Address c : w.contracts) {
            if (w.rnd.nextInt(3) > 0) {
                closing.add(c);
                closes.add(h.sign(w.manager, new Payloads.ContractClose(c)));
            }
        }
        h.normal(closes.toArray(Commitment[]::new));
        long deadline = h.height + Closing.FORCED_LIQUIDATION_BLOCKS + LedgerSales.SLICES - 1;
        h.skipHeights(Closing.FORCED_LIQUIDATION_BLOCKS - 3 - w.rnd.nextInt(5));
        w.ratioChecked = false;
        while (h.height < deadline) {
            w.block();
        }
        long sales = 0;
        for (Address c : closing) {
            sales += LedgerActions.log(h.state, c).stream()
                    .filter(e -> e.kind() == LedgerActions.Kind.LIQUIDATION_SALE).count();
            ContractRecord rec = h.contract(c);
            assertThat(rec.status()).as(c + " closed by block " + deadline).isEqualTo(ContractStatus.CLOSED);
            assertThat(LedgerState.holdings(h.state, c).keySet()).as("a Closed contract holds only its own shares")
                    .containsExactly(rec.token());
            assertThat(LedgerState.balance(h.state, c, rec.token())).isEqualTo(rec.shares());
        }
        if (System.getProperty("trading.stats") != null) {
            System.out.println("STATS closing " + closing.size() + " contracts, " + sales + " forced liquidation sales");
        }
        LedgerPropertiesTest.replay(h);
    }
}
