package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.codec.Reader;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Seeded random streams of commitments over many blocks (STYLE.md: an invariant check after every
 * step). jqwik picks the seeds and reports the failing one.
 */
class LedgerPropertiesTest {
    static final long DAY = 24L * 3600 * 1000;

    @Property(tries = 12)
    void invariantsHoldAfterEveryBlockAndReplayGivesTheSameRoot(@ForAll long seed) { // covers: N1, K3, K5, M5, N5
        Random rnd = new Random(seed);
        LedgerHarness h = new LedgerHarness();
        List<Address> contracts = new ArrayList<>();
        List<KeyPair> managers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            createRandom(h, rnd, contracts, managers);
            check(h);
        }
        for (int b = 0; b < 14; b++) {
            switch (rnd.nextInt(10)) {
                case 0 -> h.advance(DAY * (1 + rnd.nextInt(8)));
                case 1 -> h.advance(30_000 + rnd.nextInt(60_000));
                default -> { }
            }
            if (rnd.nextInt(6) == 0) {
                special(h, rnd, contracts, managers);
            } else {
                List<Commitment> cs = new ArrayList<>();
                int n = 1 + rnd.nextInt(8);
                for (int i = 0; i < n; i++) {
                    cs.add(randomCommitment(h, rnd, contracts, managers));
                }
                h.normal(cs.toArray(Commitment[]::new));
            }
            check(h);
        }
        replay(h);
        if (System.getProperty("ledger.stats") != null) {
            TreeMap<String, Integer> stats = new TreeMap<>();
            h.allReceipts.forEach(r -> stats.merge(r.reason().name(), 1, Integer::sum));
            h.state.forEach((k, v) -> {
                if (k.unsafeValue()[0] == StateKeys.CONTRACT) {
                    stats.merge("status " + ContractRecord.fromBytes(v).status(), 1, Integer::sum);
                } else if (k.unsafeValue()[0] == StateKeys.FEE_RECORD) {
                    stats.merge("fee records", 1, Integer::sum);
                } else if (k.unsafeValue()[0] == StateKeys.LOTS) {
                    stats.merge("lot lists", 1, Integer::sum);
                } else if (k.unsafeValue()[0] == StateKeys.REDEMPTION) {
                    stats.merge(v[v.length - 1] == 0 ? "redemptions pending" : "redemptions paid", 1, Integer::sum);
                }
            });
            System.out.println("STATS " + stats);
        }
    }

    static void createRandom(LedgerHarness h, Random rnd, List<Address> contracts, List<KeyPair> managers) {
        KeyPair manager = h.user(rnd.nextInt(4));
        Amount shares = Amount.ofUnits(Amount.ONE_UNITS + rnd.nextLong(1000 * Amount.ONE_UNITS));
        Amount price = Amount.ofUnits(Amount.ONE_UNITS + rnd.nextLong(3 * Amount.ONE_UNITS));
        Commitment c = h.sign(h.signers.get(rnd.nextInt(4)), new Payloads.ContractCreation("c" + contracts.size(),
                manager.publicKey(), "code " + rnd.nextInt(), new byte[0], "", shares, price,
                rnd.nextInt(120_001), rnd.nextInt(40_001), "{}"));
        if (h.special(c).applied()) {
            contracts.add(Contracts.addressFor(c.id()));
            managers.add(manager);
        }
    }

    static void special(LedgerHarness h, Random rnd, List<Address> contracts, List<KeyPair> managers) {
        if (rnd.nextBoolean() || contracts.isEmpty()) {
            createRandom(h, rnd, contracts, managers);
        } else {
            Address c = contracts.get(rnd.nextInt(contracts.size()));
            h.special(h.sign(h.signers.get(rnd.nextInt(4)), new Payloads.ContractStateChange(c, rnd.nextBoolean())));
        }
    }

    static Amount someAmount(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> Amount.ofUnits(1 + rnd.nextLong(1000));
            case 1 -> Amount.ofUnits(1 + rnd.nextLong(20 * Amount.ONE_UNITS));
            default -> Amount.ofUnits(1 + rnd.nextLong(1500 * Amount.ONE_UNITS));
        };
    }

    static TokenId someToken(Random rnd, List<Address> contracts) {
        return rnd.nextInt(3) == 0 || contracts.isEmpty() ? TokenId.COIN
                : TokenId.shareOf(contracts.get(rnd.nextInt(contracts.size())));
    }

    static Address someHolder(LedgerHarness h, Random rnd, List<Address> contracts) {
        return rnd.nextInt(3) == 0 && !contracts.isEmpty() ? contracts.get(rnd.nextInt(contracts.size()))
                : h.user(rnd.nextInt(4)).address();
    }

    static Commitment randomCommitment(LedgerHarness h, Random rnd, List<Address> contracts, List<KeyPair> managers) {
        KeyPair user = h.user(rnd.nextInt(4));
        Address someContract = contracts.isEmpty() ? user.address() : contracts.get(rnd.nextInt(contracts.size()));
        Payload p = switch (rnd.nextInt(20)) {
            case 0, 1, 2, 3 -> new Payloads.Transfer(someHolder(h, rnd, contracts), someToken(rnd, contracts),
                    someAmount(rnd));
            case 4, 5, 6, 7 -> new Payloads.BuyFromContract(someContract, someAmount(rnd),
                    Amount.ofUnits(1 + rnd.nextLong(5 * Amount.ONE_UNITS)));
            case 8 -> rnd.nextInt(4) == 0 ? new Payloads.ContractClose(someContract)
                    : new Payloads.Transfer(someHolder(h, rnd, contracts), TokenId.COIN, someAmount(rnd));
            case 9 -> new Payloads.ContractConfigUpdate(someContract, Amount.ofUnits(rnd.nextLong(4 * Amount.ONE_UNITS)),
                    rnd.nextInt(50_000), "{\"n\":" + rnd.nextInt(9) + "}");
            case 10 -> new Payloads.CoinRedemption(someAmount(rnd), "BTC", "payout-" + rnd.nextInt());
            default -> null; // 11–13: a rate report or coin purchase by the operator; 14–19: a contract's own action
        };
        boolean operator = p == null && rnd.nextInt(7) < 3;
        if (p instanceof Payloads.ContractClose || p instanceof Payloads.ContractConfigUpdate) {
            int i = contracts.indexOf(someContract);
            KeyPair signer = i >= 0 && rnd.nextInt(4) != 0 ? managers.get(i) : user;
            return h.sign(signer, p);
        }
        if (p != null) {
            return h.sign(user, p);
        }
        if (operator || contracts.isEmpty()) {
            return switch (rnd.nextInt(8)) {
                case 0, 1, 2 -> h.sign(h.signers.get(rnd.nextInt(3)),
                        new Payloads.RateReport("BTC", 100_000 + rnd.nextInt(500)));
                case 3, 4 -> h.sign(h.coinOperator, new Payloads.CoinPurchase(user.address(), "BTC", someAmount(rnd),
                        100_000 + rnd.nextInt(500), "pay-" + rnd.nextInt(50)));
                case 5 -> { // N3: a payout against a pending redemption (or a made-up one), its reference reused at times
                    List<CoinContract.Redemption> pending = CoinContract.pending(h.state, 4);
                    Hash id = pending.isEmpty() || rnd.nextInt(5) == 0 ? Hash.of(new byte[] {(byte) rnd.nextInt()})
                            : pending.get(rnd.nextInt(pending.size())).id();
                    yield h.sign(h.coinOperator, new Payloads.CoinPayout(id, "wire-" + rnd.nextInt(20),
                            Amount.ofUnits(1 + rnd.nextLong(2 * Amount.ONE_UNITS))));
                }
                case 6 -> h.sign(h.coinOperator, new Payloads.CoinReserveReport(List.of(
                        new Payloads.Reserve("BTC", someAmount(rnd))), "custodian", "audit-" + rnd.nextInt(9)));
                default -> h.sign(h.coinOperator, new Payloads.CoinConfigUpdate(rnd.nextInt(3) == 0
                        ? List.of("ETH", "USD") : List.of("BTC", "ETH"))); // N2: BTC refused while not accepted
            };
        }
        List<Payload> actions = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            actions.add(rnd.nextBoolean()
                    ? new Payloads.BuyFromContract(contracts.get(rnd.nextInt(contracts.size())), someAmount(rnd),
                            Amount.ofWhole(5))
                    : new Payloads.Transfer(h.user(rnd.nextInt(4)).address(), someToken(rnd, contracts), someAmount(rnd)));
        }
        return h.act(someContract, actions.toArray(Payload[]::new));
    }

    /** The invariants, read from the whole state. */
    static void check(LedgerHarness h) {
        TreeMap<Address, Long> tokenTotals = new TreeMap<>();
        TreeMap<String, Long> balances = new TreeMap<>();
        long[] coin = {0};
        List<ContractRecord> contracts = new ArrayList<>();
        h.state.forEach((k, v) -> {
            byte[] key = k.unsafeValue();
            if (key[0] == StateKeys.BALANCE) {
                long units = new Reader(v).i64("balance");
                assertThat(units).as("balance").isPositive();
                Address token = new Address(Arrays.copyOfRange(key, 21, 41));
                if (token.equals(TokenId.COIN_CONTRACT)) {
                    coin[0] = Math.addExact(coin[0], units);
                } else {
                    tokenTotals.merge(token, units, Math::addExact);
                }
                balances.put(k.toString(), units);
            } else if (key[0] == StateKeys.CONTRACT) {
                contracts.add(ContractRecord.fromBytes(v));
            }
        });
        LedgerState.Supply s = LedgerState.supply(h.state);
        assertThat(coin[0]).as("coin in accounts = minted − burned").isEqualTo(s.circulating().units());
        // N3: every burned coin is a redemption, either waiting for its payout record or paid out
        long[] pendingUnits = {0};
        long[] paidUnits = {0};
        long[] pendingCount = {0};
        long[] pendingIndexed = {0};
        h.state.forEach((k, v) -> {
            byte[] key = k.unsafeValue();
            if (key[0] == StateKeys.REDEMPTION) {
                CoinContract.Redemption r = CoinContract.Redemption.fromBytes(
                        new Hash(Arrays.copyOfRange(key, 1, 1 + Hash.LENGTH)), v);
                if (r.payout().isPresent()) {
                    paidUnits[0] = Math.addExact(paidUnits[0], r.amount().units());
                } else {
                    pendingUnits[0] = Math.addExact(pendingUnits[0], r.amount().units());
                    pendingCount[0]++;
                }
            } else if (key[0] == StateKeys.PENDING_PAYOUT) {
                pendingIndexed[0]++;
                Hash id = new Hash(Arrays.copyOfRange(key, key.length - Hash.LENGTH, key.length));
                assertThat(CoinContract.redemption(h.state, id)).as("a pending entry names an unpaid redemption")
                        .hasValueSatisfying(r -> assertThat(r.payout()).isEmpty());
            }
        });
        assertThat(pendingUnits[0] + paidUnits[0]).as("redeemed = burned").isEqualTo(s.burned().units());
        CoinContract.PayoutTotals totals = CoinContract.payoutTotals(h.state);
        assertThat(totals.pendingCount()).isEqualTo(pendingCount[0]).isEqualTo(pendingIndexed[0]);
        assertThat(totals.pendingCoin().units()).isEqualTo(pendingUnits[0]);
        assertThat(totals.paidCoin().units()).isEqualTo(paidUnits[0]);
        assertThat(LedgerState.balance(h.state, TokenId.COIN_CONTRACT, TokenId.COIN)).isEqualTo(Amount.ZERO);
        for (ContractRecord c : contracts) {
            assertThat(tokenTotals.getOrDefault(c.address(), 0L)).as("shares of " + c.name())
                    .isEqualTo(c.shares().units());
            var holdings = LedgerState.holdings(h.state, c.address());
            if (c.status() == ContractStatus.CLOSED) {
                assertThat(holdings.keySet()).as("a Closed contract holds only its own shares and stranded coin")
                        .allMatch(t -> t.equals(c.token()) || t.isCoin());
            }
            for (var e : holdings.entrySet()) {
                if (!e.getKey().isCoin() && !e.getKey().equals(c.token())
                        && LedgerState.contract(h.state, e.getKey().contract()).isPresent()) { // options have no lots
                    Amount lots = LedgerState.lots(h.state, c.address(), e.getKey()).stream().map(Lot::quantity)
                            .reduce(Amount.ZERO, Amount::plus);
                    assertThat(lots).as("lots add up to the balance").isEqualTo(e.getValue());
                }
            }
            assertThat(LedgerState.holders(h.state, c.token()).values()).allMatch(a -> !a.isZero());
        }
    }

    /** The same blocks from genesis, as decoded from their bytes, give the same roots. */
    static void replay(LedgerHarness h) {
        MerkleState fresh = h.genesis.state();
        for (Block b : h.blocks) {
            Block decoded = Block.fromBytes(b.toBytes());
            try {
                BlockResult r = Ledger.execute(fresh, decoded);
                assertThat(r.stateRoot()).isEqualTo(b.header().stateRoot());
                fresh.apply(r.writeSet());
            } catch (InvalidBlockException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(fresh.root()).isEqualTo(h.state.root());
        assertThat(h.blocks).allMatch(b -> b.header().kind() == BlockKind.NORMAL || b.header().kind() == BlockKind.SPECIAL);
    }
}
