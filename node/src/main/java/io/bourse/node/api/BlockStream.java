package io.bourse.node.api;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.node.chain.Chain;
import io.bourse.p2p.http.EventSink;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/stream/blocks}: Server-Sent Events, one {@code event: block} per final block, its
 * {@code id} the height and its {@code data} the block's JSON summary ({@link JsonViews#blockSummary}).
 *
 * <p>Resuming: a client that sends {@code Last-Event-ID: H} (or {@code ?from=H+1}) first gets the
 * final blocks after H from the store, at most {@link #MAX_REPLAY} of them (older ones are skipped:
 * read them with {@code GET /v1/blocks/{height}}), then the live ones, in order and each once.
 *
 * <p>Bounded buffering: {@link #publish} runs on the consensus thread and only hands each client's
 * sink one chunk, never waiting; a client whose connection does not drain is dropped by the sink.
 * While a client's replay runs, live blocks wait in its own queue of at most {@link #MAX_REPLAY}
 * entries; past that the client is dropped too.
 */
final class BlockStream {
    static final int MAX_REPLAY = 512;
    static final int MAX_CLIENTS = 256;

    private final Chain chain;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

    BlockStream(Chain chain) {
        this.chain = chain;
    }

    HttpResponse open(HttpRequest req) {
        long from = firstHeight(req);
        if (clients.size() >= MAX_CLIENTS) {
            throw new ApiError(503, "busy, retry later", "stream", MAX_CLIENTS + " block streams are open");
        }
        return HttpResponse.stream(sink -> {
            Client c = new Client(sink, from < 0 ? Long.MAX_VALUE : from - 1);
            clients.add(c);
            sink.onClose(() -> clients.remove(c));
            if (from >= 0) {
                c.replay(chain);
            }
        });
    }

    /** The height of the first block to replay, or −1 for live blocks only. */
    private long firstHeight(HttpRequest req) {
        Optional<String> last = req.header("last-event-id");
        if (last.isPresent() && !last.get().isBlank()) {
            long h = Params.height(last.get().strip(), "Last-Event-ID");
            return h == Long.MAX_VALUE ? h : h + 1; // nothing follows the last height there can be
        }
        return Params.query(req, "from").map(f -> Params.height(f, "from")).orElse(-1L);
    }

    /** Called on the consensus thread for every final block. */
    void publish(Block b, QuorumCertificate qc) {
        if (clients.isEmpty()) {
            return;
        }
        String json = JsonViews.write(JsonViews.blockSummary(b, Optional.of(qc)));
        for (Client c : clients) {
            c.live(b.height(), json);
        }
    }

    int clientCount() {
        return clients.size();
    }

    /** One subscriber: the last height it was sent, and the live blocks that came during its replay. */
    private static final class Client {
        private final EventSink sink;
        private long last; // Long.MAX_VALUE for a live-only client until its first block
        private boolean replaying;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

        private record Pending(long height, String json) {
        }

        Client(EventSink sink, long last) {
            this.sink = sink;
            this.last = last;
            this.replaying = last != Long.MAX_VALUE;
        }

        synchronized void live(long height, String json) {
            if (replaying) {
                if (waiting.size() >= MAX_REPLAY) {
                    sink.close();
                    return;
                }
                waiting.add(new Pending(height, json));
                return;
            }
            send(height, json);
        }

        private void send(long height, String json) {
            if (last != Long.MAX_VALUE && height <= last) {
                return; // sent already by the replay
            }
            if (sink.send("block", Long.toString(height), json)) {
                last = height;
            }
        }

        /** Runs on the HTTP handler thread that opened the stream. */
        void replay(Chain chain) {
            long head = chain.height();
            long start = Math.max(last + 1, head - MAX_REPLAY + 1);
            for (long h = Math.max(start, 0); h <= head && sink.isOpen(); h++) {
                Optional<Block> b = chain.store().block(h);
                if (b.isEmpty()) {
                    continue; // before this node's snapshot base
                }
                String json = JsonViews.write(JsonViews.blockSummary(b.get(), chain.store().certificate(h)));
                synchronized (this) {
                    send(h, json);
                }
            }
            synchronized (this) {
                replaying = false;
                while (!waiting.isEmpty()) {
                    Pending p = waiting.poll();
                    send(p.height(), p.json());
                }
            }
        }
    }
}
