package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.CallOutcome;
import io.bourse.core.commitment.Payloads.ContractResult;
import io.bourse.core.commitment.Payloads.StorageWrite;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.ContractExecutions.Decision;
import io.bourse.core.ledger.ContractExecutions.Entry;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * K6: results take effect only when contractExecutionQuorum assigned servers voted the same bytes;
 * disagreement and silence change nothing and are logged; storage writes land in on-chain storage.
 * Three execution servers, quorum 2: every contract is assigned to all three (2q − 1 = 3).
 */
class ContractExecutionsTest {
    static final List<KeyPair> SERVERS = IntStream.range(0, 3).mapToObj(i -> LedgerHarness.key(41 + i)).toList();
    final LedgerHarness h = new LedgerHarness(p -> p.withContractExecution(
            SERVERS.stream().map(KeyPair::publicKey).toList(), 2, 1_000_000));
    final KeyPair manager = h.user(0);
    final KeyPair alice = h.user(1);
    Address fund;
    Address target;

    @BeforeEach
    void twoFundedContracts() {
        fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        target = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
        h.one(h.sign(alice, pay(fund, Amount.ofWhole(50))));
    }

    Commitment vote(int server, long forHeight, ContractResult... rs) {
        return h.sign(SERVERS.get(server), h.results(forHeight, rs));
    }

    ContractResult buys(long forHeight, Amount qty) {
        return h.result(fund, forHeight, List.of(buy(target, qty, Amount.ONE)), List.of());
    }

    Entry last(Address contract) {
        List<Entry> log = ContractExecutions.log(h.state, contract, 0);
        assertThat(log).isNotEmpty();
        return log.get(log.size() - 1);
    }

    @Test
    void eachContractRunsOnTwoQuorumMinusOneServersByRendezvousHashing() {
        assertThat(h.params.executionServersPerContract()).isEqualTo(3);
        assertThat(ContractExecutions.assigned(h.params, fund)).containsExactlyInAnyOrderElementsOf(
                SERVERS.stream().map(KeyPair::publicKey).toList());
        var five = h.params.withContractExecution(IntStream.range(0, 5).mapToObj(i -> LedgerHarness.key(50 + i).publicKey())
                .toList(), 2, 1_000_000);
        List<PublicKey> a = ContractExecutions.assigned(five, fund);
        assertThat(a).hasSize(3).isEqualTo(ContractExecutions.assigned(five, fund));
        // removing a server not assigned to the contract leaves its assignment alone
        PublicKey spare = five.executionServers().stream().filter(k -> !a.contains(k)).findFirst().orElseThrow();
        var four = five.withContractExecution(five.executionServers().stream().filter(k -> !k.equals(spare)).toList(),
                2, 1_000_000);
        assertThat(ContractExecutions.assigned(four, fund)).isEqualTo(a);
    }

    @Test
    void oneVoteDoesNothingAndTheSecondEqualVoteAppliesIt() {
        long at = h.height;
        h.vote(vote(0, at, buys(at, Amount.ofWhole(2))));
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        assertThat(ContractExecutions.log(h.state, fund, 0)).isEmpty();
        h.vote(vote(1, at, buys(at, Amount.ofWhole(2))));
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ofWhole(2));
        Entry e = last(fund);
        assertThat(e.decision()).isEqualTo(Decision.APPLIED);
        assertThat(e.forHeight()).isEqualTo(at);
        assertThat(e.servers()).containsExactly(SERVERS.get(0).publicKey(), SERVERS.get(1).publicKey());
        assertThat(e.actions()).hasSize(1);
        // the third server's late vote for a decided block counts for nothing
        Receipt late = h.vote(vote(2, at, buys(at, Amount.ofWhole(2))));
        assertThat(late.message()).contains("already decided");
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ofWhole(2));
    }

    @Test
    void twoVotesInOneBlockApplyOnceAndAThirdDissentingVoteIsKeptAsEvidence() {
        long at = h.height;
        h.normal(vote(0, at, buys(at, Amount.ofWhole(1))), vote(2, at, buys(at, Amount.ofWhole(9))),
                vote(1, at, buys(at, Amount.ofWhole(1))));
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ONE);
        Entry e = last(fund);
        assertThat(e.decision()).isEqualTo(Decision.APPLIED);
        assertThat(e.dissent()).containsExactly(SERVERS.get(2).publicKey());
    }

    @Test
    void aRogueServerAloneChangesNothingAndDisagreementIsLoggedAsDiverged() {
        long at = h.height;
        ContractResult forged = h.result(fund, at, List.of(new Payloads.Transfer(alice.address(),
                io.bourse.core.types.TokenId.COIN, Amount.ofWhole(50))), List.of());
        h.vote(vote(0, at, forged));
        h.vote(vote(0, at, forged)); // again: one server, one vote
        assertThat(h.coin(fund)).isEqualTo(Amount.ofWhole(50));
        h.vote(vote(1, at, buys(at, Amount.ONE)));
        h.vote(vote(2, at, buys(at, Amount.ofWhole(3))));
        Entry e = last(fund);
        assertThat(e.decision()).isEqualTo(Decision.DIVERGED);
        assertThat(e.servers()).hasSize(3);
        assertThat(e.reason()).contains("3 different results");
        assertThat(h.coin(fund)).isEqualTo(Amount.ofWhole(50));
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
        // a key that is no execution server is refused whole, and so is a result for another block hash
        Commitment outsider = h.sign(alice, h.results(h.height, buys(h.height, Amount.ONE)));
        assertThat(h.vote(outsider).reason()).isEqualTo(RejectReason.NOT_EXECUTION_SERVER);
        Commitment wrongBlock = h.sign(SERVERS.get(0), new Payloads.ContractExecutionResults(h.height,
                Hash.of(new byte[] {1}), List.of(buys(h.height, Amount.ONE))));
        assertThat(h.vote(wrongBlock).reason()).isEqualTo(RejectReason.STALE_EXECUTION_RESULT);
        ContractResult badInput = new ContractResult(fund, Hash.of(new byte[] {2}), CallOutcome.COMPLETED, "",
                List.of(), List.of(), 0);
        assertThat(h.vote(vote(0, h.height, badInput)).message()).contains("input hash does not match");
    }

    @Test
    void abstentionsThatLeaveTooFewVotesAreLoggedAndChangeNothing() {
        long at = h.height;
        ContractResult abstain = new ContractResult(fund, buys(at, Amount.ONE).inputHash(), CallOutcome.ABSTAINED,
                "timed-out", List.of(), List.of(), 0);
        h.vote(vote(0, at, abstain));
        h.vote(vote(1, at, abstain));
        Entry e = last(fund);
        assertThat(e.decision()).isEqualTo(Decision.ABSTAINED);
        assertThat(e.reason()).contains("timed-out");
        assertThat(h.shares(fund, target)).isEqualTo(Amount.ZERO);
    }

    @Test
    void anAgreedFailedCallIsLoggedWithItsReasonAndDoesNothing() {
        long at = h.height;
        ContractResult failed = new ContractResult(fund, buys(at, Amount.ONE).inputHash(), CallOutcome.FAILED,
                "budget-exhausted: the statement budget is exhausted", List.of(), List.of(), 1_000_000);
        h.normal(vote(0, at, failed), vote(1, at, failed));
        Entry e = last(fund);
        assertThat(e.decision()).isEqualTo(Decision.FAILED);
        assertThat(e.reason()).startsWith("budget-exhausted");
        assertThat(e.budgetUsed()).isEqualTo(1_000_000);
    }

    @Test
    void storageWritesLandWithTheActionsOrNotAtAll() {
        long at = h.height;
        ContractResult r = h.result(fund, at, List.of(buy(target, Amount.ONE, Amount.ONE)),
                List.of(new StorageWrite("config", Optional.of("{\"spread\":2}")), new StorageWrite("n", Optional.of("1"))));
        h.normal(vote(0, at, r), vote(1, at, r));
        assertThat(ContractExecutions.storage(h.state, fund)).containsEntry("config", "{\"spread\":2}").containsEntry("n", "1");
        // a result whose action fails writes nothing either
        long next = h.height;
        ContractResult failing = h.result(fund, next, List.of(buy(target, Amount.ofWhole(1_000), Amount.ONE)),
                List.of(new StorageWrite("n", Optional.of("2")), new StorageWrite("zz", Optional.empty())));
        h.normal(vote(0, next, failing), vote(1, next, failing));
        assertThat(last(fund).decision()).isEqualTo(Decision.FAILED);
        assertThat(last(fund).reason()).startsWith("INSUFFICIENT_BALANCE: action 0");
        assertThat(ContractExecutions.storage(h.state, fund)).containsEntry("n", "1");
        // deletes, and the storage cap
        long third = h.height;
        ContractResult delete = h.result(fund, third, List.of(), List.of(new StorageWrite("n", Optional.empty())));
        h.normal(vote(0, third, delete), vote(1, third, delete));
        assertThat(ContractExecutions.storage(h.state, fund)).containsOnlyKeys("config");
        long fourth = h.height;
        String big = "x".repeat(Payloads.MAX_STORAGE_VALUE);
        List<StorageWrite> many = IntStream.range(0, 5).mapToObj(i -> new StorageWrite("k" + i, Optional.of(big))).toList();
        ContractResult tooMuch = h.result(fund, fourth, List.of(), many);
        h.normal(vote(0, fourth, tooMuch), vote(1, fourth, tooMuch));
        assertThat(last(fund).reason()).startsWith("STORAGE_FULL");
        assertThat(ContractExecutions.storage(h.state, fund)).containsOnlyKeys("config");
    }

    @Test
    void votesThatNeverReachTheQuorumLapseAfterTheWindow() {
        long at = h.height;
        h.vote(vote(0, at, buys(at, Amount.ONE)));
        for (int i = 0; i < ContractExecutions.VOTE_WINDOW; i++) {
            h.normal();
        }
        long now = h.height;
        h.vote(vote(0, now, buys(now, Amount.ONE)));
        Entry e = last(fund);
        assertThat(e.forHeight()).isEqualTo(at);
        assertThat(e.decision()).isEqualTo(Decision.ABSTAINED);
        assertThat(e.reason()).contains("only 1 of 3");
        assertThat(ContractExecutions.status(h.state, fund).pending()).containsExactly(now);
    }

    @Test
    void theFirstAppliedExecutionRunsOnCreateAndClosingContractsRunOnClosing() {
        assertThat(ContractExecutions.entry(h.state, h.contract(fund))).isEqualTo("onCreate");
        long at = h.height;
        ContractResult nothing = h.result(fund, at, List.<Payload>of(), List.of());
        h.normal(vote(0, at, nothing), vote(1, at, nothing));
        assertThat(ContractExecutions.entry(h.state, h.contract(fund))).isEqualTo("onNewBlock");
        h.one(h.sign(manager, new Payloads.ContractClose(fund)));
        assertThat(ContractExecutions.entry(h.state, h.contract(fund))).isEqualTo("onClosing");
    }
}
