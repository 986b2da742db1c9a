package io.bourse.consensus;

import io.bourse.core.types.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot for operators (/v1/status, metrics): where consensus is and who it waits for.
 *
 * @param roundDeadlineMillis when the current round times out (0 for non-signers)
 * @param prepared            signers whose prepare for the current round's proposal arrived
 * @param committed           signers whose commit for the current round's proposal arrived
 * @param missing             signers heard from neither way in this round
 * @param viewChanges         rounds entered above 0 since start
 */
public record ConsensusStatus(long height, int round, PublicKey proposer, boolean signer, long roundDeadlineMillis,
                              List<PublicKey> prepared, List<PublicKey> committed, List<PublicKey> missing,
                              Optional<Integer> lockedRound, long viewChanges, int faultTolerance, int quorum,
                              int evidenceCount) {
}
