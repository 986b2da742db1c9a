package io.bourse.core.block;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Timestamp;
import java.util.Objects;

/**
 * What a block's hash covers.
 *
 * <pre>
 *   u8 version | chainId | u64 height | parentHash | u64 timestamp (ms) | generator key
 *   | parametersHash | parentCertificateHash | commitmentsRoot | stateRoot | u8 kind
 * </pre>
 *
 * {@code parametersHash} names the Network Parameters that govern this height;
 * {@code parentCertificateHash} commits to the parent's quorum certificate carried in the block,
 * which decides who is paid the parent's reward; {@code stateRoot} is the state after this block.
 * The round a block was agreed in is not part of it, so a block can be carried into a later round
 * unchanged.
 */
public record BlockHeader(ChainId chainId, BlockHeight height, Hash parentHash, Timestamp timestamp,
                          PublicKey generator, Hash parametersHash, Hash parentCertificateHash,
                          Hash commitmentsRoot, Hash stateRoot, BlockKind kind) {
    public static final int VERSION = 1;

    public BlockHeader {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(parametersHash, "parametersHash");
        Objects.requireNonNull(parentCertificateHash, "parentCertificateHash");
        Objects.requireNonNull(commitmentsRoot, "commitmentsRoot");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(kind, "kind");
    }

    public void encode(Writer w) {
        w.u8(VERSION);
        chainId.encode(w);
        w.i64(height.value());
        parentHash.encode(w);
        w.i64(timestamp.millis());
        generator.encode(w);
        parametersHash.encode(w);
        parentCertificateHash.encode(w);
        commitmentsRoot.encode(w);
        stateRoot.encode(w);
        w.u8(kind.code());
    }

    public byte[] toBytes() {
        Writer w = new Writer(256);
        encode(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(toBytes());
    }

    public static BlockHeader decode(Reader r) {
        int version = r.u8("header version");
        if (version != VERSION) {
            throw new CodecException("block header version " + version + " is not supported (expected " + VERSION + ")");
        }
        ChainId chainId = ChainId.decode(r, "chainId");
        BlockHeight height = BlockHeight.of(r.u63("height"));
        Hash parent = Hash.decode(r, "parentHash");
        Timestamp ts = Timestamp.ofMillis(r.u63("timestamp"));
        PublicKey gen = PublicKey.decode(r, "generator");
        Hash params = Hash.decode(r, "parametersHash");
        Hash parentCert = Hash.decode(r, "parentCertificateHash");
        Hash commitments = Hash.decode(r, "commitmentsRoot");
        Hash state = Hash.decode(r, "stateRoot");
        BlockKind kind = BlockKind.fromCode(r.u8("kind"));
        return new BlockHeader(chainId, height, parent, ts, gen, params, parentCert, commitments, state,
                kind);
    }

    public static BlockHeader fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "block header", BlockHeader::decode);
    }
}
