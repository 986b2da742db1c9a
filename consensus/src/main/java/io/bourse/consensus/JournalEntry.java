package io.bourse.consensus;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signer has signed, persisted before anything signed leaves the node (C8): the highest
 * (height, round) it reached, the one block hash it signed there (proposal, prepare or commit), and
 * its lock at that height.
 *
 * <pre>
 *   u64 height | u32 round | u8 hasSigned | [hash] | u8 hasLock | [prepared certificate, ConsensusCodec layout]
 * </pre>
 */
public record JournalEntry(long height, int round, Optional<Hash> signedBlock, Optional<PreparedCertificate> lock) {
    public JournalEntry {
        Objects.requireNonNull(signedBlock, "signedBlock");
        Objects.requireNonNull(lock, "lock");
        if (height < 0 || round < 0) {
            throw new IllegalArgumentException("height and round must not be negative");
        }
    }

    /** Whether (h, r) comes strictly after this entry's (height, round). */
    public boolean before(long h, int r) {
        return height < h || (height == h && round < r);
    }

    /** The rule that keeps an honest signer from equivocating: one block per (height, round), rounds only forward. */
    public boolean allowsSigning(long h, int r, Hash block) {
        return before(h, r) || (height == h && round == r && signedBlock.map(block::equals).orElse(true));
    }

    public byte[] toBytes() {
        Writer w = new Writer(128).i64(height).u32(round).bool(signedBlock.isPresent());
        signedBlock.ifPresent(hash -> hash.encode(w));
        w.bool(lock.isPresent());
        lock.ifPresent(pc -> ConsensusCodec.writeCertificate(w, pc));
        return w.toByteArray();
    }

    public static JournalEntry fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "journal entry", r -> {
            long h = r.u63("height");
            long round = r.u32("round");
            if (round > Integer.MAX_VALUE) {
                throw new CodecException("journal round too large");
            }
            Optional<Hash> signed = r.bool("hasSigned") ? Optional.of(Hash.decode(r, "signed")) : Optional.empty();
            Optional<PreparedCertificate> lock = r.bool("hasLock")
                    ? Optional.of(ConsensusCodec.readCertificate(r)) : Optional.empty();
            return new JournalEntry(h, (int) round, signed, lock);
        });
    }
}
