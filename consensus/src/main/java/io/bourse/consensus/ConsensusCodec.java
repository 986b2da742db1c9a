package io.bourse.consensus;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.FinalBlock;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.List;
import java.util.Optional;

/**
 * The canonical binary form of {@link ConsensusMessage}s (docs/encoding.md conventions: big-endian,
 * u32 length prefixes, one encoding per value). A leading tag names the message:
 *
 * <pre>
 *   1 Proposal     u64 h | u32 r | sender(32) | sig(64) | u32 len | block | u32 n | roundChange*n
 *   2 Prepare      u64 h | u32 r | blockHash(32) | sender(32) | sig(64)
 *   3 Commit       u64 h | u32 r | blockHash(32) | sender(32) | seal(64)
 *   4 RoundChange  u64 h | u32 r | sender(32) | sig(64) | u8 hasPc | [u32 pcRound | u32 len | block | u32 n | prepare*n]
 *   5 FinalBlock   u32 len | block | quorumCertificate
 * </pre>
 *
 * Nested round changes and prepares use the same field layout without the tag. Decoding throws
 * only {@link CodecException}.
 */
public final class ConsensusCodec {
    public static final int TAG_PROPOSAL = 1;
    public static final int TAG_PREPARE = 2;
    public static final int TAG_COMMIT = 3;
    public static final int TAG_ROUND_CHANGE = 4;
    public static final int TAG_FINAL_BLOCK = 5;
    /** More than any signer set we accept (QuorumCertificate.MAX_SEALS). */
    public static final int MAX_VOTES = QuorumCertificate.MAX_SEALS;

    private ConsensusCodec() {
    }

    public static byte[] encode(ConsensusMessage m) {
        Writer w = new Writer(256);
        switch (m) {
            case Proposal p -> {
                w.u8(TAG_PROPOSAL).i64(p.height()).u32(p.round());
                p.sender().encode(w);
                p.signature().encode(w);
                w.bytes(p.block().toBytes());
                w.list(p.justification(), ConsensusCodec::roundChange);
            }
            case Prepare p -> prepare(w.u8(TAG_PREPARE), p);
            case Commit c -> {
                w.u8(TAG_COMMIT).i64(c.height()).u32(c.round()).fixed(c.blockHash().unsafeBytes());
                c.sender().encode(w);
                c.seal().encode(w);
            }
            case RoundChange rc -> roundChange(w.u8(TAG_ROUND_CHANGE), rc);
            case FinalBlock f -> {
                w.u8(TAG_FINAL_BLOCK).bytes(f.block().toBytes());
                f.certificate().encode(w);
            }
        }
        return w.toByteArray();
    }

    public static ConsensusMessage decode(byte[] bytes) {
        if (bytes != null && bytes.length > Block.MAX_BYTES + 1024 * 1024) {
            throw new CodecException("consensus message of " + bytes.length + " bytes is too large");
        }
        return Reader.decodeAll(bytes, "consensus message", ConsensusCodec::decode);
    }

    private static ConsensusMessage decode(Reader r) {
        int tag = r.u8("message tag");
        return switch (tag) {
            case TAG_PROPOSAL -> {
                long h = r.u63("height");
                int round = round(r);
                PublicKey sender = PublicKey.decode(r, "sender");
                Signature sig = Signature.decode(r, "signature");
                Block block = block(r);
                List<RoundChange> just = r.list(MAX_VOTES, "justification", ConsensusCodec::roundChange);
                yield new Proposal(h, round, block, just, sender, sig);
            }
            case TAG_PREPARE -> prepare(r);
            case TAG_COMMIT -> new Commit(r.u63("height"), round(r), Hash.decode(r, "blockHash"),
                    PublicKey.decode(r, "sender"), Signature.decode(r, "seal"));
            case TAG_ROUND_CHANGE -> roundChange(r);
            case TAG_FINAL_BLOCK -> new FinalBlock(block(r), QuorumCertificate.decode(r));
            default -> throw new CodecException("unknown consensus message tag " + tag);
        };
    }

    private static int round(Reader r) {
        long round = r.u32("round");
        if (round > Integer.MAX_VALUE) {
            throw new CodecException("round " + round + " is too large");
        }
        return (int) round;
    }

    private static Block block(Reader r) {
        return Block.fromBytes(r.bytes(Block.MAX_BYTES, "block"));
    }

    private static void prepare(Writer w, Prepare p) {
        w.i64(p.height()).u32(p.round()).fixed(p.blockHash().unsafeBytes());
        p.sender().encode(w);
        p.signature().encode(w);
    }

    private static Prepare prepare(Reader r) {
        return new Prepare(r.u63("height"), round(r), Hash.decode(r, "blockHash"), PublicKey.decode(r, "sender"),
                Signature.decode(r, "signature"));
    }

    private static void roundChange(Writer w, RoundChange rc) {
        w.i64(rc.height()).u32(rc.round());
        rc.sender().encode(w);
        rc.signature().encode(w);
        w.bool(rc.prepared().isPresent());
        rc.prepared().ifPresent(pc -> writeCertificate(w, pc));
    }

    /** {@code u32 round | u32 len | block | u32 n | prepare*n}; also the lock's form in {@link JournalEntry}. */
    public static void writeCertificate(Writer w, PreparedCertificate pc) {
        w.u32(pc.round()).bytes(pc.block().toBytes());
        w.list(pc.prepares(), ConsensusCodec::prepare);
    }

    public static PreparedCertificate readCertificate(Reader r) {
        int pcRound = round(r);
        Block block = block(r);
        return new PreparedCertificate(pcRound, block, r.list(MAX_VOTES, "prepares", ConsensusCodec::prepare));
    }

    private static RoundChange roundChange(Reader r) {
        long h = r.u63("height");
        int round = round(r);
        PublicKey sender = PublicKey.decode(r, "sender");
        Signature sig = Signature.decode(r, "signature");
        Optional<PreparedCertificate> pc = Optional.empty();
        if (r.bool("hasPreparedCertificate")) {
            pc = Optional.of(readCertificate(r));
        }
        return new RoundChange(h, round, pc, sender, sig);
    }
}
