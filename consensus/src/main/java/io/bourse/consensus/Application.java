package io.bourse.consensus;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.PublicKey;
import java.util.Optional;

/**
 * What consensus needs from the rest of the node: the chain, the ledger and the pending
 * commitments. Called only from the engine's thread. Every method is deterministic in its
 * arguments and the committed chain; none may read a clock.
 */
public interface Application {
    /**
     * The parameters in force for {@code height}: those after block {@code height - 1} was applied.
     * Called for the current height and the next one only.
     */
    NetworkParameters parametersFor(long height);

    ChainHead head();

    /**
     * A new block on the head: the generator's pending commitments, signed by this node's key.
     * {@code parentCertificate} is the head's certificate, which the block carries.
     */
    Block proposeBlock(long height, long timestampMillis, Optional<QuorumCertificate> parentCertificate);

    /**
     * C7: a special Network Parameters block on the head whose document is the governing
     * parameters with this node as {@code blockGenerator} and nothing else changed, signed by this
     * node's key. A new generator's first act.
     */
    Block proposeGeneratorChange(long height, long timestampMillis, Optional<QuorumCertificate> parentCertificate);

    /**
     * Whether {@code block} is exactly the block {@link #proposeGeneratorChange} would make for
     * {@code proposer} (a special parameters block naming it, nothing else changed). Structure and
     * effects are {@link #validate}'s job.
     */
    boolean namesGenerator(Block block, PublicKey proposer);

    /**
     * Full validation of a block on the current head (C3): structure, parent, height, the
     * governing parameters hash, that the generator is a signer, every commitment, the state root
     * after re-execution, a timestamp after the parent's and not ahead of {@code nowMillis} by more
     * than the allowed skew. Who may propose at which round is the engine's check, not this one's.
     * A block that was valid must stay valid later at the same height: age alone never fails it
     * (a block is carried into later rounds unchanged).
     *
     * Start with {@link io.bourse.core.block.BlockRules#checkOnHead}, which every implementation
     * shares, then check the block's effects.
     *
     * @return empty when valid, else why not
     */
    Optional<Refusal> validate(Block block, long nowMillis);

    /**
     * As {@link #validate}, for a block whose quorum certificate was verified already: a quorum of
     * signers, more than f of them correct, checked every commitment's signature before sealing
     * it, so an implementation may skip those checks (the state root is still recomputed). Used
     * for final blocks received from peers and in catch-up.
     */
    default Optional<Refusal> validateCertified(Block block, long nowMillis) {
        return validate(block, nowMillis);
    }

    /**
     * Applies a final block (already validated) and persists it with its certificate, atomically;
     * afterwards {@link #head()} is this block. Called once per height.
     */
    void commit(Block block, QuorumCertificate certificate);
}
