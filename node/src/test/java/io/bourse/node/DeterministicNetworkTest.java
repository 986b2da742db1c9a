package io.bourse.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole production nodes (consensus, chain, routing, sync) on one virtual clock
 * ({@link VirtualNetwork}): 30 s of chain take well under a second, nothing sleeps, and a run is a
 * pure function of its seed.
 * // covers: C2, C3, C4, C7
 */
class DeterministicNetworkTest {
    static final long BLOCK_TIME = 1_000;

    @TempDir
    Path dir;

    @Test
    void fourSignersAndAnObserverAgreeOnEveryBlockOnVirtualTime() throws Exception {
        try (VirtualNetwork net = new VirtualNetwork(dir, 42, 4, 1, BLOCK_TIME).startAll()) {
            net.time.advance(5_000);
            KeyPair to = KeyPair.fromSeed(new byte[32]);
            Commitment transfer = transfer(net, to, 7);
            net.gossip(transfer);
            net.time.advance(25_000);

            assertThat(net.minHeight()).as("30 s of 1 s blocks, on every node").isGreaterThanOrEqualTo(20);
            assertThat(hashes(net, List.of(0, 1, 2, 3, 4), net.minHeight())).as("one chain").hasSize(1);
            for (int i : net.running()) {
                Node n = net.node(i);
                assertThat(n.chain().store().locate(transfer.id())).as("transfer final on node %d", i).isPresent();
                Amount balance = n.chain().readState(s -> LedgerState.balance(s, to.address(), TokenId.COIN));
                assertThat(balance).isEqualTo(Amount.ofWhole(7));
            }
        }
    }

    @Test
    void killingTheGeneratorElectsANewOneAndTheChainGoesOn() throws Exception { // covers: C7
        try (VirtualNetwork net = new VirtualNetwork(dir, 7, 4, 0, BLOCK_TIME).startAll()) {
            assertThat(net.time.runUntil(() -> net.minHeight() >= 5, 10_000)).isTrue();
            PublicKey first = net.key(0);
            assertThat(net.node(1).chain().parameters().blockGenerator()).isEqualTo(first);
            net.kill(0);
            long killedAt = net.minHeight();

            net.time.advance(30_000);

            assertThat(net.minHeight()).as("a quorum of three goes on").isGreaterThanOrEqualTo(killedAt + 15);
            PublicKey generator = net.node(1).chain().parameters().blockGenerator();
            assertThat(generator).isNotEqualTo(first).isIn(net.key(1), net.key(2), net.key(3));
            assertThat(hashes(net, List.of(1, 2, 3), net.minHeight())).hasSize(1);
            long h = net.minHeight();
            assertThat(net.node(2).chain().store().block(h).orElseThrow().header().generator()).isEqualTo(generator);
        }
    }

    @Test
    void aSignerRestartedWithAnEmptyStoreCatchesUpFromItsPeers() throws Exception { // covers: C11
        try (VirtualNetwork net = new VirtualNetwork(dir, 11, 4, 0, BLOCK_TIME).startAll()) {
            net.time.advance(5_000);
            net.kill(3);
            net.time.advance(20_000);
            long ahead = net.minHeight();
            assertThat(ahead).isGreaterThanOrEqualTo(20);

            Node restarted = net.start(3);
            assertThat(net.time.runUntil(() -> restarted.chain().height() > ahead + 2, 10_000))
                    .as("synced %d blocks and follows again", ahead).isTrue();
            net.time.advance(3_000);
            assertThat(hashes(net, List.of(0, 1, 2, 3), net.minHeight())).hasSize(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() throws Exception {
        Run a = failover(dir.resolve("a"), 2024);
        Run b = failover(dir.resolve("b"), 2024);
        assertThat(a.trace()).as("blocks committed").hasSizeGreaterThan(4 * 20);
        assertThat(b.trace()).as("every block at the same virtual time on the same node").isEqualTo(a.trace());
        assertThat(b.tasksRun()).isEqualTo(a.tasksRun());
    }

    /** Everything a run leaves to compare: its commit trace and how much work it did. */
    record Run(List<String> trace, long tasksRun) {
    }

    /** Four signers and an observer, a transfer, the generator killed at 10 s, 40 s in all. */
    private static Run failover(Path dir, long seed) throws Exception {
        try (VirtualNetwork net = new VirtualNetwork(dir, seed, 4, 1, BLOCK_TIME).startAll()) {
            net.time.advance(3_000);
            net.gossip(transfer(net, KeyPair.fromSeed(new byte[32]), 3));
            net.time.advance(7_000);
            net.kill(0);
            net.time.advance(30_000);
            return new Run(net.trace(), net.time.tasksRun());
        }
    }

    private static Commitment transfer(VirtualNetwork net, KeyPair to, long coins) {
        return Commitment.sign(net.investor, VirtualNetwork.CHAIN, 0,
                new Payloads.Transfer(to.address(), TokenId.COIN, Amount.ofWhole(coins)));
    }

    /** Each listed node's block hashes up to {@code height}, one list per node, duplicates removed. */
    private static List<List<Hash>> hashes(VirtualNetwork net, List<Integer> which, long height) {
        List<List<Hash>> out = new ArrayList<>();
        for (int i : which) {
            List<Hash> chain = new ArrayList<>();
            for (long h = 1; h <= height; h++) {
                chain.add(net.node(i).chain().store().block(h).orElseThrow().hash());
            }
            if (!out.contains(chain)) {
                out.add(chain);
            }
        }
        return out;
    }
}
