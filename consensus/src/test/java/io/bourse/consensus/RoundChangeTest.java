package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.consensus.TestNet.Node;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.Refusal;
import io.bourse.core.params.NetworkParameters;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoundChangeTest {
    @Test
    void newGeneratorRecordsItselfInParametersBlock() { // covers: C6, C7
        TestNet net = new TestNet(4, 1);
        net.produceBlock();
        net.node(0).down = true; // the generator dies
        net.timeoutAll();
        net.deliverAll();
        Node n1 = net.node(1);
        assertThat(n1.app.height()).isEqualTo(2);
        Block special = n1.app.block(2);
        assertThat(special.header().kind()).isEqualTo(BlockKind.SPECIAL);
        assertThat(special.header().generator()).isEqualTo(n1.key.publicKey());
        NetworkParameters next = n1.app.parametersFor(3);
        assertThat(next.blockGenerator()).isEqualTo(n1.key.publicKey());
        assertThat(next.blockSigners()).isEqualTo(net.params.blockSigners());
        assertThat(net.node(4).app.height()).as("observer follows").isEqualTo(2);
        // the new generator keeps the cadence from round 0 of the next height
        net.fire(1, TimerKind.BLOCK_DUE);
        net.deliverAll();
        assertThat(net.node(3).app.height()).isEqualTo(3);
        assertThat(net.node(3).app.block(3).header().generator()).isEqualTo(n1.key.publicKey());
        assertThat(net.node(3).app.block(3).header().kind()).isEqualTo(BlockKind.NORMAL);
    }

    @Test
    void roundChangeCarriesPreparedBlockForward() { // covers: C7, C8
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        Block a = NormalPathTest.proposed(net);
        net.deliverAll(e -> !(e.message() instanceof Commit)); // everyone prepared (locked) a, no commit arrives
        assertThat(net.node(2).engine.status().lockedRound()).contains(0);
        net.node(0).down = true;
        net.timeoutAll();
        net.deliverAll();
        for (int i = 1; i < 4; i++) {
            assertThat(net.node(i).app.height()).isEqualTo(1);
            assertThat(net.node(i).app.block(1).hash()).as("the prepared block, unchanged").isEqualTo(a.hash());
            assertThat(net.node(i).app.certificate(1).round()).isEqualTo(1);
        }
    }

    @Test
    void proposalIgnoringThePreparedBlockIsRefused() { // covers: C8
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        net.deliverAll(e -> !(e.message() instanceof Commit));
        net.timeoutAll();
        // collect the round changes to round 1 without delivering them
        List<RoundChange> rcs = net.queue.stream().map(TestNet.Envelope::message).filter(RoundChange.class::isInstance)
                .map(RoundChange.class::cast).filter(rc -> rc.round() == 1).distinct().toList();
        net.queue.clear();
        assertThat(rcs).hasSize(4).allMatch(rc -> rc.prepared().isPresent());
        Node proposer = net.node(1);
        Block other = proposer.app.proposeGeneratorChange(1, net.now, Optional.empty());
        Proposal bad = Proposal.sign(proposer.key, net.params.chainId(), 1, 1, other, rcs.subList(0, 3));
        List<Effect> effects = net.send(1, 2, bad);
        assertThat(effects).noneMatch(e -> e instanceof Effect.Broadcast b && b.message() instanceof ConsensusMessage.Prepare);
        assertThat(new Rules(TestNet.VERIFIER).checkJustification(bad, net.params, net.node(2).app))
                .hasValueSatisfying(r -> assertThat(r.detail()).contains("carry forward"));
        assertThat(effects).anyMatch(e -> e instanceof Effect.Refused r && r.refusal().reason() == Refusal.Reason.BAD_JUSTIFICATION);
    }

    @Test
    void laggingSignerJumpsOnFPlusOneRoundChanges() { // covers: C7
        TestNet net = new TestNet(4, 0); // f = 1
        net.node(0).down = true;
        net.node(3).down = true;
        net.node(1).down = false;
        // nodes 1 and 2 go to round 1, then round 2, without node 3 hearing
        net.fire(1, TimerKind.ROUND_TIMEOUT);
        net.fire(2, TimerKind.ROUND_TIMEOUT);
        net.deliverAll();
        net.fire(1, TimerKind.ROUND_TIMEOUT);
        net.fire(2, TimerKind.ROUND_TIMEOUT);
        net.queue.removeIf(e -> e.to() != 3 || ((RoundChange) e.message()).round() != 2);
        net.node(3).down = false;
        assertThat(net.node(3).engine.round()).isZero();
        net.send(1, 3, net.queue.poll().message());
        assertThat(net.node(3).engine.round()).as("one round change is not enough").isZero();
        List<Effect> effects = net.send(2, 3, net.queue.poll().message());
        assertThat(net.node(3).engine.round()).isEqualTo(2);
        assertThat(effects).anyMatch(e -> e instanceof Effect.Broadcast b && b.message() instanceof RoundChange rc && rc.round() == 2);
    }

    @Test
    void staleTimerIgnored() { // covers: C7
        TestNet net = new TestNet(4, 0);
        Effect.SetTimer round0 = net.node(2).timers.stream().filter(t -> t.kind() == TimerKind.ROUND_TIMEOUT).findFirst().orElseThrow();
        net.produceBlock();
        assertThat(net.node(2).engine.height()).isEqualTo(2);
        List<Effect> effects = net.node(2).engine.handle(new Input.TimerFired(TimerKind.ROUND_TIMEOUT, 1, 0, round0.atMillis()));
        assertThat(effects).isEmpty();
        net.fire(2, TimerKind.ROUND_TIMEOUT); // height 2 round 0 -> round 1
        assertThat(net.node(2).engine.round()).isEqualTo(1);
        effects = net.node(2).engine.handle(new Input.TimerFired(TimerKind.ROUND_TIMEOUT, 2, 0, net.now + 10_000));
        assertThat(effects).isEmpty();
        assertThat(net.node(2).engine.round()).isEqualTo(1);
    }

    @Test
    void roundTimeoutBacksOffAndIsCapped() { // covers: C7
        TestNet net = new TestNet(4, 0);
        NetworkParameters p = net.params;
        assertThat(Rules.roundTimeout(p, 0)).isEqualTo(1000 + 2000);
        assertThat(Rules.roundTimeout(p, 1)).isEqualTo(2000);
        assertThat(Rules.roundTimeout(p, 2)).isEqualTo(4000);
        assertThat(Rules.roundTimeout(p, 4)).isEqualTo(16_000);
        assertThat(Rules.roundTimeout(p, 5)).isEqualTo(16_000);
        assertThat(Rules.roundTimeout(p, Integer.MAX_VALUE)).isEqualTo(16_000);
    }

    @Test
    void stalledRoundIsSummarisedForOperators() { // covers: C7
        TestNet net = new TestNet(4, 0);
        net.node(0).down = true;
        List<Effect> effects = net.fire(1, TimerKind.ROUND_TIMEOUT);
        Effect.Stalled s = effects.stream().filter(Effect.Stalled.class::isInstance).map(Effect.Stalled.class::cast).findFirst().orElseThrow();
        assertThat(s.summary()).startsWith("height 1 round 0: proposer " + net.node(0).key.publicKey().hex().substring(0, 8))
                .contains("sent no proposal").contains("waiting for round-change from");
        assertThat(net.node(1).engine.status().round()).isEqualTo(1);
        assertThat(net.node(1).engine.status().viewChanges()).isEqualTo(1);
    }

    @Test
    void networkThatLostMoreThanFSignersRecoversWhenTheyReturn() { // covers: C7
        TestNet net = new TestNet(4, 0);
        net.node(2).down = true;
        net.node(3).down = true;
        for (int i = 0; i < 6; i++) { // several rounds pass with no quorum: back-off grows, capped
            net.fire(0, TimerKind.ROUND_TIMEOUT);
            net.fire(1, TimerKind.ROUND_TIMEOUT);
            net.deliverAll();
        }
        assertThat(net.node(0).app.height()).isZero();
        net.queue.clear();
        net.node(2).down = false;
        net.node(3).down = false;
        for (int i = 0; i < 4 && net.node(3).app.height() == 0; i++) {
            net.timeoutAll();
            net.deliverAll();
        }
        for (Node n : net.nodes) {
            assertThat(n.app.height()).as("node " + n.index).isEqualTo(1);
        }
    }
}
