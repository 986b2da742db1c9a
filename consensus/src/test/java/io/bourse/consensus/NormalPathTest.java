package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.FinalBlock;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.TestNet.Node;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockRules;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Signature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalPathTest {
    @Test
    void everyNodeCommitsTheGeneratorsBlockWithAValidQuorum() { // covers: C2, C3, C4
        TestNet net = new TestNet(4, 1);
        net.produceBlock();
        Block b = net.node(0).app.block(1);
        for (Node n : net.nodes) {
            assertThat(n.app.height()).as("node " + n.index).isEqualTo(1);
            assertThat(n.app.block(1).hash()).isEqualTo(b.hash());
            QuorumCertificate qc = n.app.certificate(1);
            assertThat(new BlockRules(TestNet.VERIFIER).checkCertificate(qc, 1, b.hash(), net.params)).isEmpty();
            assertThat(qc.signers()).hasSizeGreaterThanOrEqualTo(net.params.quorum());
        }
        assertThat(net.node(4).effects(Effect.Broadcast.class)).as("observers only listen").isEmpty();
    }

    @Test
    void generatorProducesABlockEveryBlockGenerationTime() { // covers: C2
        TestNet net = new TestNet(4, 0);
        for (int h = 1; h <= 5; h++) {
            net.produceBlock();
        }
        for (int h = 1; h <= 5; h++) {
            assertThat(net.node(2).app.block(h).header().timestamp().millis()).isEqualTo(h * 1000L);
            assertThat(net.node(2).app.block(h).header().generator()).isEqualTo(net.node(0).key.publicKey());
        }
        assertThat(net.node(3).engine.status().viewChanges()).isZero();
    }

    @Test
    void blockFinalOnlyWithQuorum() { // covers: C3, C8
        TestNet net = new TestNet(4, 1);
        net.node(3).down = true;
        net.fire(0, TimerKind.BLOCK_DUE);
        // node 2's commits and announcements never leave it: the others hold a quorum of prepares
        // but only two commits
        net.deliverAll(e -> e.from() != 2 || !(e.message() instanceof Commit || e.message() instanceof FinalBlock));
        for (int i : new int[] {0, 1, 4}) {
            assertThat(net.node(i).app.height()).as("node " + i).isZero();
        }
        assertThat(net.node(2).app.height()).as("node 2 saw three commits").isEqualTo(1);
        assertThat(net.node(0).engine.status().committed()).hasSize(2);
        // a certificate one seal short is refused by an observer too
        Block b = proposed(net);
        List<CommitSeal> seals = new ArrayList<>();
        for (int i : new int[] {0, 1}) {
            net.node(i).effects(Effect.Broadcast.class).stream().map(Effect.Broadcast::message)
                    .filter(Commit.class::isInstance).map(Commit.class::cast)
                    .forEach(c -> seals.add(new CommitSeal(c.sender(), c.seal())));
        }
        QuorumCertificate short2 = new QuorumCertificate(BlockHeight.of(1), 0, b.hash(), seals);
        net.send(0, 4, new FinalBlock(b, short2));
        assertThat(net.node(4).app.height()).isZero();
        net.send(2, 4, new FinalBlock(b, net.node(2).app.certificate(1)));
        assertThat(net.node(4).app.height()).isEqualTo(1);
    }

    static Block proposed(TestNet net) {
        return net.node(0).effects(Effect.Broadcast.class).stream().map(Effect.Broadcast::message)
                .filter(Proposal.class::isInstance).map(m -> ((Proposal) m).block()).findFirst().orElseThrow();
    }

    @Test
    void observerAcceptsOnlyCertifiedBlocks() { // covers: C4, C10
        TestNet net = new TestNet(4, 2);
        net.node(5).down = true;
        net.produceBlock();
        Block b = net.node(0).app.block(1);
        QuorumCertificate good = net.node(0).app.certificate(1);
        net.node(5).down = false;
        // forged: right signers, one signature replaced
        List<CommitSeal> forged = new ArrayList<>(good.seals());
        forged.set(0, new CommitSeal(forged.get(0).signer(), new Signature(new byte[64])));
        net.send(0, 5, new FinalBlock(b, new QuorumCertificate(good.height(), good.round(), good.blockHash(), forged)));
        assertThat(net.node(5).app.height()).isZero();
        // sealed by keys that are not signers (the observers themselves)
        List<CommitSeal> outsiders = List.of(
                new CommitSeal(net.node(4).key.publicKey(), Commit.sign(net.node(4).key, net.params.chainId(), 1, 0, b.hash()).seal()),
                new CommitSeal(net.node(5).key.publicKey(), Commit.sign(net.node(5).key, net.params.chainId(), 1, 0, b.hash()).seal()),
                good.seals().get(0));
        net.send(0, 5, new FinalBlock(b, new QuorumCertificate(good.height(), 0, good.blockHash(), outsiders)));
        assertThat(net.node(5).app.height()).isZero();
        // and signed messages from signers do nothing on an observer
        net.send(0, 5, Prepare.sign(net.node(1).key, net.params.chainId(), 1, 0, b.hash()));
        assertThat(net.node(5).app.height()).isZero();
        net.send(0, 5, new FinalBlock(b, good));
        assertThat(net.node(5).app.height()).isEqualTo(1);
        assertThat(net.node(5).app.block(1).hash()).isEqualTo(b.hash());
    }

    @Test
    void commitsArrivingBeforeTheProposalAreKept() { // covers: C3
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        // hold back every message to node 3 until the others are done
        List<TestNet.Envelope> held = new ArrayList<>();
        net.deliverAll(e -> {
            if (e.to() == 3) {
                held.add(e);
                return false;
            }
            return true;
        });
        // deliver commits first, then the proposal, then the rest (FinalBlocks dropped)
        held.stream().filter(e -> e.message() instanceof Commit).forEach(e -> net.send(e.from(), 3, e.message()));
        assertThat(net.node(3).app.height()).isZero();
        held.stream().filter(e -> e.message() instanceof Proposal).forEach(e -> net.send(e.from(), 3, e.message()));
        assertThat(net.node(3).app.height()).isEqualTo(1);
    }
}
