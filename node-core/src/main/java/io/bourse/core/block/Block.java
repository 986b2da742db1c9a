package io.bourse.core.block;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Signature;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A block: its header, the generator's signature over the header hash, the parent's quorum
 * certificate (absent only at height 1, whose parent is genesis, and in genesis), and the
 * commitments in the order they apply.
 *
 * <pre>
 *   header | generatorSignature (64) | u8 hasParentCertificate | [parentCertificate] | u32 n | (u32 len | commitment)*n
 * </pre>
 */
public record Block(BlockHeader header, Signature generatorSignature, Optional<QuorumCertificate> parentCertificate,
                   List<Commitment> commitments) {
    public static final int MAX_COMMITMENTS = 100_000;
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    public Block {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(generatorSignature, "generatorSignature");
        Objects.requireNonNull(parentCertificate, "parentCertificate");
        commitments = List.copyOf(commitments);
    }

    public static Block signed(KeyPair generator, BlockHeader header, Optional<QuorumCertificate> parentCertificate,
                               List<Commitment> commitments) {
        return new Block(header, generator.sign(Domain.BLOCK, header.chainId(), header.hash().unsafeBytes()),
                parentCertificate, commitments);
    }

    public Hash hash() {
        return header.hash();
    }

    public long height() {
        return header.height().value();
    }

    public static Hash commitmentsRoot(List<Commitment> commitments) {
        return MerkleTree.root(commitments.stream().map(Commitment::id).toList());
    }

    public static Hash certificateHash(Optional<QuorumCertificate> qc) {
        return qc.map(QuorumCertificate::hash).orElse(Hash.ZERO);
    }

    public void encode(Writer w) {
        header.encode(w);
        generatorSignature.encode(w);
        w.bool(parentCertificate.isPresent());
        parentCertificate.ifPresent(qc -> qc.encode(w));
        w.list(commitments, (ww, c) -> ww.bytes(c.toBytes()));
    }

    public byte[] toBytes() {
        Writer w = new Writer(512 + 200 * commitments.size());
        encode(w);
        return w.toByteArray();
    }

    public static Block decode(Reader r) {
        BlockHeader header = BlockHeader.decode(r);
        Signature sig = Signature.decode(r, "generatorSignature");
        Optional<QuorumCertificate> qc = r.bool("hasParentCertificate")
                ? Optional.of(QuorumCertificate.decode(r)) : Optional.empty();
        List<Commitment> commitments = r.list(MAX_COMMITMENTS, "commitments",
                rr -> Reader.decodeAll(rr.bytes(Commitment.MAX_BYTES, "commitment"), "commitment", Commitment::decode));
        return new Block(header, sig, qc, commitments);
    }

    public static Block fromBytes(byte[] bytes) {
        if (bytes != null && bytes.length > MAX_BYTES) {
            throw new CodecException("block of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        return Reader.decodeAll(bytes, "block", Block::decode);
    }
}
