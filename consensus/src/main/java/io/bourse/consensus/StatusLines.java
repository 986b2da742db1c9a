package io.bourse.consensus;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.Validator;
import io.bourse.core.types.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The one-line operator summary of a round that timed out. */
final class StatusLines {
    private StatusLines() {
    }

    /** e.g. {@code height 12 round 2: proposer 1a2b… sent no proposal; prepared 1/3 [..]; committed 0/3 []; waiting for round-change from [..]}. */
    static String stalled(HeightState state, NetworkParameters p, PublicKey self, long height, int round) {
        PublicKey proposer = p.candidate(round);
        String proposal = state.proposal(round).map(x -> "proposed " + x.block().hash().hex().substring(0, 12))
                .orElse("sent no proposal");
        TreeSet<PublicKey> heard = state.heard(round);
        List<PublicKey> missing = p.blockSigners().stream().map(Validator::publicKey)
                .filter(k -> !k.equals(self) && !heard.contains(k)).toList();
        return "height " + height + " round " + round + ": proposer " + name(proposer) + " " + proposal
                + "; prepared " + state.preparedBy(round).size() + "/" + p.quorum() + " " + names(state.preparedBy(round))
                + "; committed " + state.committedBy(round).size() + "/" + p.quorum() + " " + names(state.committedBy(round))
                + "; waiting for round-change from " + names(missing);
    }

    static String name(PublicKey k) {
        return k.hex().substring(0, 8);
    }

    private static String names(Collection<PublicKey> keys) {
        return keys.stream().map(StatusLines::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
