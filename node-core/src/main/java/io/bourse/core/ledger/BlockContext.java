package io.bourse.core.ledger;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.Objects;
import java.util.Optional;

/** What the ledger needs to know of the block it applies, besides its commitments. */
public record BlockContext(ChainId chainId, long height, Hash parentHash, long timestampMillis, PublicKey generator,
                           BlockKind kind, Optional<QuorumCertificate> parentCertificate) {
    public BlockContext {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parentCertificate, "parentCertificate");
    }

    public static BlockContext of(Block block) {
        var h = block.header();
        return new BlockContext(h.chainId(), h.height().value(), h.parentHash(), h.timestamp().millis(), h.generator(),
                h.kind(),
                block.parentCertificate());
    }
}
