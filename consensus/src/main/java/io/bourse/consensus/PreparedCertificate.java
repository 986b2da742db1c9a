package io.bourse.consensus;

import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.core.block.Block;
import java.util.List;
import java.util.Objects;

/**
 * Proof that a quorum prepared {@code block} at {@code round}: the lock a signer carries into
 * round changes. Valid when it holds quorum-many prepares, from distinct signers of the governing
 * set, for this block's height, this round and this block's hash (checked by {@link Rules}).
 */
public record PreparedCertificate(int round, Block block, List<Prepare> prepares) {
    public PreparedCertificate {
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative");
        }
        Objects.requireNonNull(block, "block");
        prepares = List.copyOf(prepares);
    }
}
