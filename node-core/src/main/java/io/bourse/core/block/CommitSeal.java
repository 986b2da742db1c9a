package io.bourse.core.block;

import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.Objects;

/** One signer's commit signature over (height, round, block hash); see {@link QuorumCertificate}. */
public record CommitSeal(PublicKey signer, Signature signature) {
    public CommitSeal {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signature, "signature");
    }
}
