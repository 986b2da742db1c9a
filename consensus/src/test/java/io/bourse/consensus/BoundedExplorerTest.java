package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.FinalBlock;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.TestNet.Node;
import io.bourse.core.types.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The model check (docs/consensus.md): an exhaustive, bounded exploration of the real engines of
 * four signers (f = 1) at one height. The adversary chooses, for round 0, which signers receive the
 * proposal (all, two, one or none of the others), which receive the prepares and which receive
 * the commits (4 × 16 × 16 choices),
 * announcements of final blocks are lost, the signers that finalised may crash (both cases are
 * explored), every other signer then times out, and later rounds run with
 * every message delivered. In each of the 2 × 1,024 runs: no two signers finalise different blocks
 * (safety), none reports an honest signer's equivocation, and every signer ends with the block
 * (liveness once the adversary stops). With a rule deliberately broken the same exploration must
 * find a fork.
 */
class BoundedExplorerTest {
    record Outcome(int runs, List<String> violations) {
    }

    /** The proposal reaches all three other signers, two, one or none (which ones matters little: signers are symmetric). */
    static final int[] PROPOSAL_REACH = {0b1110, 0b0110, 0b0010, 0b0000};

    static Outcome explore(ConsensusEngine.Flaw flaw, boolean decidersCrash, boolean stopAtFirst) {
        List<String> violations = new ArrayList<>();
        int runs = 0;
        for (int proposalTo : PROPOSAL_REACH) {
            for (int preparesTo = 0; preparesTo < 16; preparesTo++) {
                for (int commitsTo = 0; commitsTo < 16; commitsTo++) {
                    runs++;
                    check(flaw, proposalTo, preparesTo, commitsTo, decidersCrash).ifPresent(violations::add);
                    if (stopAtFirst && !violations.isEmpty()) {
                        return new Outcome(runs, violations);
                    }
                }
            }
        }
        return new Outcome(runs, violations);
    }

    private static boolean in(int set, int node) {
        return (set & (1 << node)) != 0;
    }

    static Optional<String> check(ConsensusEngine.Flaw flaw, int proposalTo, int preparesTo, int commitsTo,
                                  boolean decidersCrash) {
        TestNet net = new TestNet(4, 0, flaw);
        net.fire(0, TimerKind.BLOCK_DUE);
        net.deliverAll(e -> switch (e.message()) {
            case Proposal p -> in(proposalTo, e.to());
            case Prepare p -> in(preparesTo, e.to());
            case Commit c -> in(commitsTo, e.to());
            case FinalBlock f -> false;
            default -> true;
        });
        long deciders = net.nodes.stream().filter(n -> n.app.height() > 0).count();
        if (decidersCrash) { // the signers that finalised in round 0 crash: nobody hears from them again
            net.nodes.stream().filter(n -> n.app.height() > 0).forEach(n -> n.down = true);
        }
        for (int attempt = 0; attempt < 3 && net.nodes.stream().anyMatch(n -> n.app.height() == 0); attempt++) {
            for (Node n : net.nodes) {
                if (n.engine.height() == 1) {
                    net.fire(n.index, TimerKind.ROUND_TIMEOUT);
                }
            }
            net.deliverAll();
        }
        String run = "proposal to " + Integer.toBinaryString(proposalTo) + ", prepares to " + Integer.toBinaryString(preparesTo)
                + ", commits to " + Integer.toBinaryString(commitsTo);
        Hash first = null;
        for (Node n : net.nodes) {
            if (n.app.height() > 0 && first == null) {
                first = n.app.block(1).hash();
            }
        }
        for (Node n : net.nodes) {
            if (n.app.height() == 0 && n.down) {
                continue;
            }
            if (n.down) {
                continue;
            }
            if (n.app.height() == 0 && !(decidersCrash && deciders > 1)) { // live only while at most f = 1 crashed
                return Optional.of(run + ": node " + n.index + " never finalised height 1 (liveness)");
            }
            if (n.app.height() == 0) {
                continue;
            }
            Hash h = n.app.block(1).hash();
            if (first != null && !first.equals(h)) {
                return Optional.of(run + ": two different final blocks at height 1 (safety)");
            }
            first = h;
            if (!n.effects(Effect.EvidenceFound.class).isEmpty()) {
                return Optional.of(run + ": an honest signer equivocated");
            }
        }
        return Optional.empty();
    }

    @Test
    void everyBoundedScheduleIsSafeAndLive() { // covers: C7, C8
        for (boolean decidersCrash : new boolean[] {false, true}) {
            Outcome o = explore(ConsensusEngine.Flaw.NONE, decidersCrash, false);
            assertThat(o.runs()).isEqualTo(1024);
            assertThat(o.violations()).isEmpty();
        }
    }

    @Test
    void explorationFindsTheForkWhenPreparedCertificatesAreIgnored() { // covers: C8
        Outcome o = explore(ConsensusEngine.Flaw.IGNORE_PREPARED_CERTIFICATES, true, true);
        assertThat(o.violations()).anyMatch(v -> v.contains("(safety)"));
    }
}
