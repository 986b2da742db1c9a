package io.bourse.node.net;

import io.bourse.core.codec.CodecException;
import io.bourse.core.types.PublicKey;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.storage.ChainStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves catch-up (C11): answers a peer's sync request with up to {@link Channels#MAX_SYNC_BLOCKS}
 * final blocks and their certificates from the store, on a thread of its own so a large read
 * never holds a network or consensus thread. The requester verifies every block.
 */
public final class SyncServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);

    private final ChainStore store;
    private final NodeMetrics metrics;
    private final ExecutorService thread;
    private volatile Transport peers;

    /** @param thread the one thread requests are served on (shut down by {@link #close}) */
    public SyncServer(ChainStore store, NodeMetrics metrics, ExecutorService thread) {
        this.thread = thread;
        this.store = store;
        this.metrics = metrics;
    }

    public void attach(Transport peers) {
        this.peers = peers;
    }

    void onRequest(PublicKey from, byte[] bytes) {
        thread.execute(() -> {
            try {
                Channels.SyncRequest req = Channels.SyncRequest.fromBytes(bytes);
                List<Channels.Certified> out = new ArrayList<>();
                for (long h = Math.max(1, req.fromHeight()); out.size() < req.maxBlocks(); h++) {
                    var b = store.block(h);
                    var qc = store.certificate(h);
                    if (b.isEmpty() || qc.isEmpty()) {
                        break;
                    }
                    out.add(new Channels.Certified(b.get(), qc.get()));
                }
                Transport net = peers;
                if (!out.isEmpty() && net != null) {
                    net.send(from, Channels.SYNC_RESPONSE, Channels.syncResponse(out));
                }
            } catch (CodecException e) {
                metrics.rejectedMessage("malformed");
            } catch (RuntimeException e) {
                LOG.warn("Could not serve blocks to {}: {}", from.address(), e.toString());
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
