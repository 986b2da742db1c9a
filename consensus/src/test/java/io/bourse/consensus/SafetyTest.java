package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.TestNet.Node;
import io.bourse.core.block.Block;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyTest {
    private static Block blockBy(Node proposer, long timestamp) {
        return proposer.app.proposeBlock(1, timestamp, Optional.empty());
    }

    private static boolean prepares(List<Effect> effects, Block b) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Broadcast x && x.message() instanceof Prepare p
                && p.blockHash().equals(b.hash()));
    }

    @Test
    void signerRefusesSecondBlockAtSameHeight() { // covers: C8
        TestNet net = new TestNet(4, 0);
        Node gen = net.node(0);
        net.now = 1000;
        Block a = blockBy(gen, 1000);
        Block b = blockBy(gen, 1001);
        assertThat(a.hash()).isNotEqualTo(b.hash());
        List<Effect> first = net.send(0, 2, Proposal.sign(gen.key, net.params.chainId(), 1, 0, a, List.of()));
        assertThat(prepares(first, a)).isTrue();
        assertThat(net.node(2).journal.load().orElseThrow().signedBlock()).contains(a.hash());
        List<Effect> second = net.send(0, 2, Proposal.sign(gen.key, net.params.chainId(), 1, 0, b, List.of()));
        assertThat(prepares(second, b)).isFalse();
        assertThat(second).anyMatch(e -> e instanceof Effect.EvidenceFound);
        // even after a restart, which forgets everything but the journal
        net.restart(2);
        List<Effect> afterRestart = net.send(0, 2, Proposal.sign(gen.key, net.params.chainId(), 1, 0, b, List.of()));
        assertThat(prepares(afterRestart, b)).isFalse();
        assertThat(afterRestart).anyMatch(e -> e instanceof Effect.Warning w && w.message().contains("refusing to sign"));
        assertThat(net.node(2).journal.load().orElseThrow().signedBlock()).contains(a.hash());
    }

    @Test
    void journalIsWrittenBeforeTheSignedMessageLeaves() { // covers: C8
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        Node n = net.node(0);
        assertThat(n.journal.saves()).isGreaterThanOrEqualTo(1);
        JournalEntry e = n.journal.load().orElseThrow();
        assertThat(e.height()).isEqualTo(1);
        assertThat(e.signedBlock()).contains(NormalPathTest.proposed(net).hash());
        assertThat(JournalEntry.fromBytes(e.toBytes())).isEqualTo(e);
    }

    @Test
    void restartedSignerResumesItsRoundAndLock() { // covers: C8, C11
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        net.deliverAll(x -> !(x.message() instanceof ConsensusMessage.Commit));
        net.fire(3, TimerKind.ROUND_TIMEOUT);
        net.queue.clear();
        net.restart(3);
        assertThat(net.node(3).engine.round()).isEqualTo(1);
        assertThat(net.node(3).engine.status().lockedRound()).contains(0);
        JournalEntry e = net.node(3).journal.load().orElseThrow();
        assertThat(JournalEntry.fromBytes(e.toBytes())).isEqualTo(e);
        assertThat(net.queue).anyMatch(x -> x.message() instanceof ConsensusMessage.RoundChange rc && rc.round() == 1
                && rc.prepared().isPresent());
    }

    @Test
    void equivocationIsKeptAsEvidence() { // covers: C8
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        Block a = NormalPathTest.proposed(net);
        Node byz = net.node(3);
        Prepare p1 = Prepare.sign(byz.key, net.params.chainId(), 1, 0, a.hash());
        Prepare p2 = Prepare.sign(byz.key, net.params.chainId(), 1, 0, io.bourse.core.types.Hash.ZERO);
        net.send(3, 1, p1);
        List<Effect> effects = net.send(3, 1, p2);
        Evidence ev = effects.stream().filter(Effect.EvidenceFound.class::isInstance).map(x -> ((Effect.EvidenceFound) x).evidence())
                .findFirst().orElseThrow();
        assertThat(ev.offender()).isEqualTo(byz.key.publicKey());
        assertThat(ev.first()).isEqualTo(p1);
        assertThat(ev.second()).isEqualTo(p2);
        assertThat(net.node(1).engine.evidence()).hasSize(1);
        assertThat(net.node(1).engine.status().evidenceCount()).isEqualTo(1);
        net.send(3, 1, p2); // reported once
        assertThat(net.node(1).engine.evidence()).hasSize(1);
    }

    @Test
    void forgedMessagesAreIgnored() { // covers: C10
        TestNet net = new TestNet(4, 1);
        net.fire(0, TimerKind.BLOCK_DUE);
        Block a = NormalPathTest.proposed(net);
        Node outsider = net.node(4);
        Prepare notASigner = Prepare.sign(outsider.key, net.params.chainId(), 1, 0, a.hash());
        Prepare stolen = new Prepare(1, 0, a.hash(), net.node(2).key.publicKey(), notASigner.signature());
        net.send(4, 1, notASigner);
        net.send(4, 1, stolen);
        assertThat(net.node(1).engine.status().prepared()).doesNotContain(outsider.key.publicKey(), net.node(2).key.publicKey());
    }

    @Test
    void fZeroParametersAreWarnedAbout() { // covers: C8
        var keys = io.bourse.consensus.sim.SimSetup.keys(0, 3);
        var p = io.bourse.consensus.sim.SimSetup.params(keys, 2, 1000, 2000);
        assertThat(p.faultTolerance()).isZero();
        var app = new io.bourse.consensus.sim.SimApplication(keys.get(1), p, 0, List.of(), TestNet.VERIFIER, 1);
        var engine = new ConsensusEngine(keys.get(1), app, new SigningJournal.InMemory(), TestNet.VERIFIER);
        assertThat(engine.handle(new Input.Start(0))).anyMatch(e -> e instanceof Effect.Warning w && w.message().contains("f = 0"));
    }

    @Test
    void laggingNodeAsksForTheBlocksItMissedAndVerifiesThem() { // covers: C11
        TestNet net = new TestNet(4, 0);
        net.node(3).down = true;
        net.produceBlock();
        net.produceBlock();
        net.node(3).down = false;
        net.fire(0, TimerKind.BLOCK_DUE);
        net.deliverAll();
        List<Effect.SyncRequest> asks = net.node(3).effects(Effect.SyncRequest.class);
        assertThat(asks).isNotEmpty();
        assertThat(asks.get(0).fromHeight()).isEqualTo(1);
        // the driver fetches blocks 1..2 with their certificates; a tampered one is refused
        Node src = net.node(1);
        List<Effect> refused = net.node(3).engine.handle(new Input.BlockSynced(src.app.block(2), src.app.certificate(1), net.now));
        assertThat(net.node(3).app.height()).isZero();
        assertThat(refused).noneMatch(e -> e instanceof Effect.Committed);
        for (long h = 1; h <= 2; h++) {
            net.apply(net.node(3), net.node(3).engine.handle(new Input.BlockSynced(src.app.block(h), src.app.certificate(h), net.now)));
        }
        // the buffered final block of height 3 applies right after
        assertThat(net.node(3).app.height()).isEqualTo(3);
        assertThat(net.node(3).app.stateRoot()).isEqualTo(src.app.stateRoot());
    }
}
