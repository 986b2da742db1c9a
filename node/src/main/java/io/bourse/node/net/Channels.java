package io.bourse.node.net;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.util.List;

/**
 * The node's use of the peer transport's numbered channels (docs/protocol.md):
 *
 * <pre>
 *   1 consensus        a ConsensusCodec message
 *   2 commitment       one commitment's canonical bytes, gossiped once by the node that admitted it
 *   3 sync request     u64 fromHeight | u32 maxBlocks
 *   4 sync response    u32 n | (u32 len | block | u32 len | certificate) * n
 *   5 commitments      u32 n | (u32 len | commitment) * n, n from 1 to MAX_COMMITMENTS
 * </pre>
 */
public final class Channels {
    public static final int CONSENSUS = 1;
    public static final int COMMITMENT = 2;
    public static final int SYNC_REQUEST = 3;
    public static final int SYNC_RESPONSE = 4;
    public static final int COMMITMENTS = 5;
    public static final int MAX_SYNC_BLOCKS = 64;
    /** Most commitments a peer may send in one {@link #COMMITMENTS} message. */
    public static final int MAX_COMMITMENTS = 4096;

    /** {@code commitments} (canonical bytes each) as {@link #COMMITMENTS} payloads of at most {@code maxCount} items and about {@code maxBytes}. */
    public static List<byte[]> commitmentBatches(List<byte[]> commitments, int maxCount, int maxBytes) {
        List<byte[]> frames = new java.util.ArrayList<>();
        int from = 0;
        while (from < commitments.size()) {
            int to = from;
            int bytes = 4;
            while (to < commitments.size() && to - from < maxCount
                    && (to == from || bytes + 4 + commitments.get(to).length <= maxBytes)) {
                bytes += 4 + commitments.get(to).length;
                to++;
            }
            Writer w = new Writer(bytes).u32(to - from);
            for (int i = from; i < to; i++) {
                w.bytes(commitments.get(i));
            }
            frames.add(w.toByteArray());
            from = to;
        }
        return frames;
    }

    /** The commitments' bytes in a {@link #COMMITMENTS} payload (each still to decode and check). */
    public static List<byte[]> parseCommitments(byte[] payload) {
        return Reader.decodeAll(payload, "commitments", r -> r.list(MAX_COMMITMENTS, "commitments",
                rr -> rr.bytes(io.bourse.core.commitment.Commitment.MAX_BYTES, "commitment")));
    }

    public record SyncRequest(long fromHeight, int maxBlocks) {
        public byte[] toBytes() {
            return new Writer(12).i64(fromHeight).u32(maxBlocks).toByteArray();
        }

        public static SyncRequest fromBytes(byte[] b) {
            return Reader.decodeAll(b, "sync request", r -> {
                long from = r.u63("fromHeight");
                long max = r.u32("maxBlocks");
                return new SyncRequest(from, (int) Math.min(max, MAX_SYNC_BLOCKS));
            });
        }
    }

    public record Certified(Block block, QuorumCertificate certificate) {
    }

    public static byte[] syncResponse(List<Certified> blocks) {
        Writer w = new Writer(4096);
        w.list(blocks, (ww, c) -> {
            ww.bytes(c.block().toBytes());
            ww.bytes(c.certificate().toBytes());
        });
        return w.toByteArray();
    }

    public static List<Certified> parseSyncResponse(byte[] b) {
        return Reader.decodeAll(b, "sync response", r -> r.list(MAX_SYNC_BLOCKS, "blocks",
                rr -> new Certified(Block.fromBytes(rr.bytes(Block.MAX_BYTES, "block")),
                        QuorumCertificate.fromBytes(rr.bytes(1 << 20, "certificate")))));
    }

    private Channels() {
    }
}
