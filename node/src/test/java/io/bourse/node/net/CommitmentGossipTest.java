package io.bourse.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import io.bourse.node.Scheduler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Admitted commitments leave in batches, to the signers and the generator only, in offer order. // covers: C3 */
class CommitmentGossipTest {
    static final ChainId CHAIN = ChainId.of("gossip-test");
    final KeyPair alice = KeyPair.generate();
    final PublicKey signer = KeyPair.generate().publicKey();
    final PublicKey executionServer = KeyPair.generate().publicKey();
    final Recording net = new Recording(Set.of(signer, executionServer));
    final Queued thread = new Queued();
    final CommitmentGossip gossip = new CommitmentGossip(() -> net, signer::equals, thread);

    Commitment transfer(long nonce) {
        return Commitment.sign(alice, CHAIN, nonce, new Payloads.Transfer(alice.address(), TokenId.COIN, Amount.ONE));
    }

    @Test
    void offersBeforeTheFlushJoinOneBatchSentOnlyToPeersThatOrderBlocks() {
        List<Commitment> cs = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            cs.add(transfer(n));
            gossip.offer(cs.get(n));
        }
        assertThat(thread.tasks).as("one flush asked for five offers").hasSize(1);
        assertThat(net.sent).isEmpty();
        thread.runAll();
        assertThat(net.sent).hasSize(1);
        Sent s = net.sent.get(0);
        assertThat(s.peer()).isEqualTo(signer);
        assertThat(s.channel()).isEqualTo(Channels.COMMITMENTS);
        assertThat(Channels.parseCommitments(s.payload()).stream().map(Commitment::fromBytes).toList())
                .containsExactlyElementsOf(cs);

        gossip.offer(transfer(5));
        assertThat(thread.tasks).as("a later offer asks for a new flush").hasSize(1);
        thread.runAll();
        assertThat(net.sent).hasSize(2);
    }

    @Test
    void aLargeBacklogLeavesInFramesOfAtMostMaxBatch() {
        Commitment c = transfer(0);
        for (int n = 0; n < CommitmentGossip.MAX_BATCH + 10; n++) {
            gossip.offer(c);
        }
        thread.runAll();
        assertThat(net.sent).extracting(s -> Channels.parseCommitments(s.payload()).size())
                .containsExactly(CommitmentGossip.MAX_BATCH, 10);
    }

    @Test
    void nothingIsSentBeforeTheTransportExists() {
        CommitmentGossip early = new CommitmentGossip(() -> null, p -> true, thread);
        early.offer(transfer(0));
        thread.runAll();
        assertThat(net.sent).isEmpty();
    }

    record Sent(PublicKey peer, int channel, byte[] payload) {
    }

    static final class Recording implements Transport {
        final Set<PublicKey> peers;
        final List<Sent> sent = new ArrayList<>();

        Recording(Set<PublicKey> peers) {
            this.peers = new LinkedHashSet<>(peers);
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public boolean send(PublicKey peer, int channel, byte[] payload) {
            sent.add(new Sent(peer, channel, payload));
            return true;
        }

        @Override
        public int broadcast(int channel, byte[] payload) {
            peers.forEach(p -> send(p, channel, payload));
            return peers.size();
        }

        @Override
        public Set<PublicKey> connectedPeers() {
            return peers;
        }

        @Override
        public void revalidate() {
        }

        @Override
        public void connect(InetSocketAddress address) {
        }

        @Override
        public void close() {
        }
    }

    /** A scheduler whose tasks run when the test says. */
    static final class Queued implements Scheduler {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }

        @Override
        public long nowMillis() {
            return 0;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            tasks.add(task);
        }

        @Override
        public void close() {
        }
    }
}
