package io.bourse.consensus;

import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.types.Hash;
import java.util.Objects;
import java.util.Optional;

/** The last final block: its height, hash, timestamp and certificate (absent for genesis). */
public record ChainHead(long height, Hash hash, long timestampMillis, Optional<QuorumCertificate> certificate) {
    public ChainHead {
        if (height < 0) {
            throw new IllegalArgumentException("height must not be negative");
        }
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(certificate, "certificate");
    }
}
