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
        List<Commitment> cs = block.commitments();
        boolean[] ok = Ed25519.verifyAll(cs.stream().map(Commitment::signatureCheck).toList());
        for (int i = 0; i < ok.length; i++) {
            if (!ok[i]) {
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
