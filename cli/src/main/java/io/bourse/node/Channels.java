package io.bourse.node;

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
 * </pre>
 */
final class Channels {
    static final int CONSENSUS = 1;
    static final int COMMITMENT = 2;
    static final int SYNC_REQUEST = 3;
    static final int SYNC_RESPONSE = 4;
    static final int MAX_SYNC_BLOCKS = 64;

    record SyncRequest(long fromHeight, int maxBlocks) {
        byte[] toBytes() {
            return new Writer(12).i64(fromHeight).u32(maxBlocks).toByteArray();
        }

        static SyncRequest fromBytes(byte[] b) {
            return Reader.decodeAll(b, "sync request", r -> {
                long from = r.u63("fromHeight");
                long max = r.u32("maxBlocks");
                return new SyncRequest(from, (int) Math.min(max, MAX_SYNC_BLOCKS));
            });
        }
    }

    record Certified(Block block, QuorumCertificate certificate) {
    }

    static byte[] syncResponse(List<Certified> blocks) {
        Writer w = new Writer(4096);
        w.list(blocks, (ww, c) -> {
            ww.bytes(c.block().toBytes());
            ww.bytes(c.certificate().toBytes());
        });
        return w.toByteArray();
    }

    static List<Certified> parseSyncResponse(byte[] b) {
        return Reader.decodeAll(b, "sync response", r -> r.list(MAX_SYNC_BLOCKS, "blocks",
                rr -> new Certified(Block.fromBytes(rr.bytes(Block.MAX_BYTES, "block")),
                        QuorumCertificate.fromBytes(rr.bytes(1 << 20, "certificate")))));
    }

    private Channels() {
    }
}
