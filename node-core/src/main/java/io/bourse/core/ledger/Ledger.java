package io.bourse.core.ledger;

import io.bourse.core.block.Block;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.state.MerkleState;
import java.util.List;

/**
 * The state transition {@code (state, block) → (state', receipts)} (STYLE.md: the ledger is a
 * function). Storage persists the result; it takes no part in it.
 */
public final class Ledger {
    private Ledger() {
    }

    /** Starts a block on top of {@code base}: pays the parent's reward and records the block. */
    public static BlockExecution begin(MerkleState base, BlockContext ctx) {
        return new BlockExecution(base, ctx);
    }

    /**
     * Re-executes a whole block: every commitment signature (checked in parallel), chain, nonce and
     * kind, then every effect. The caller compares the result's root with the header's.
     *
     * @throws InvalidBlockException for what a correct generator would never include
     */
    public static BlockResult execute(MerkleState base, Block block) throws InvalidBlockException {
        return execute(base, block, c -> false);
    }

    /**
     * As {@link #execute(MerkleState, Block)}, checking only the signatures of commitments not
     * {@code verified} already (a node checks a signature once: at admission, or not at all under
     * a verified quorum certificate). The effects and the state root are the same either way.
     */
    public static BlockResult execute(MerkleState base, Block block, java.util.function.Predicate<Commitment> verified)
            throws InvalidBlockException {
        List<Commitment> cs = block.commitments();
        List<Integer> unchecked = new java.util.ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            if (!verified.test(cs.get(i))) {
                unchecked.add(i);
            }
        }
        boolean[] ok = Ed25519.verifyAll(unchecked.stream().map(i -> cs.get(i).signatureCheck()).toList());
        for (int k = 0; k < ok.length; k++) {
            if (!ok[k]) {
                int i = unchecked.get(k);
                throw new InvalidBlockException("commitment " + i + " (" + cs.get(i).id() + ") has a bad signature");
            }
        }
        BlockExecution exec = begin(base, BlockContext.of(block));
        for (int i = 0; i < cs.size(); i++) {
            if (exec.apply(cs.get(i)) instanceof BlockExecution.Outcome.Invalid inv) {
                throw new InvalidBlockException("commitment " + i + ": " + inv.reason());
            }
        }
        return exec.finish();
    }
}
