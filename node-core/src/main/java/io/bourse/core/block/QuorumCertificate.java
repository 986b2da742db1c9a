package io.bourse.core.block;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The proof that a block is final (C3, C4; checked by {@link BlockRules#checkCertificate}): commit signatures of at least
 * {@link NetworkParameters#quorum()} distinct signers of the set that governed the height, each
 * over {@link #signedMessage}. Seals are kept sorted by signer key, one per signer, so a
 * certificate has one encoding.
 *
 * <pre>
 *   u64 height | u32 round | blockHash | u32 count | (signer key (32) | signature (64)) * count
 * </pre>
 */
public record QuorumCertificate(BlockHeight height, int round, Hash blockHash, List<CommitSeal> seals) {
    public static final int MAX_SEALS = 1024;

    public QuorumCertificate {
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(blockHash, "blockHash");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative");
        }
        List<CommitSeal> sorted = new ArrayList<>(seals);
        sorted.sort(Comparator.comparing(CommitSeal::signer));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).signer().equals(sorted.get(i - 1).signer())) {
                throw new IllegalArgumentException("signer " + sorted.get(i).signer().address() + " sealed twice");
            }
        }
        seals = List.copyOf(sorted);
    }

    /** The bytes a commit signature covers, under {@link Domain#COMMIT}. */
    public static byte[] signedMessage(BlockHeight height, int round, Hash blockHash) {
        return new Writer(48).i64(height.value()).u32(round).fixed(blockHash.unsafeBytes()).toByteArray();
    }

    public List<PublicKey> signers() {
        return seals.stream().map(CommitSeal::signer).toList();
    }

    public void encode(Writer w) {
        w.i64(height.value());
        w.u32(round);
        blockHash.encode(w);
        w.list(seals, (ww, s) -> {
            s.signer().encode(ww);
            s.signature().encode(ww);
        });
    }

    public byte[] toBytes() {
        Writer w = new Writer(64 + 96 * seals.size());
        encode(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(toBytes());
    }

    public static QuorumCertificate decode(Reader r) {
        BlockHeight h = BlockHeight.of(r.u63("certificate height"));
        long round = r.u32("certificate round");
        if (round > Integer.MAX_VALUE) {
            throw new CodecException("certificate round too large");
        }
        Hash block = Hash.decode(r, "certificate blockHash");
        List<CommitSeal> seals = r.list(MAX_SEALS, "seals",
                rr -> new CommitSeal(io.bourse.core.types.PublicKey.decode(rr, "seal signer"),
                        io.bourse.core.types.Signature.decode(rr, "seal signature")));
        for (int i = 1; i < seals.size(); i++) {
            if (seals.get(i - 1).signer().compareTo(seals.get(i).signer()) >= 0) {
                throw new CodecException("seals must be sorted by signer with no duplicates");
            }
        }
        return new QuorumCertificate(h, (int) round, block, seals);
    }

    public static QuorumCertificate fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "quorum certificate", QuorumCertificate::decode);
    }
}
