package io.bourse.node;

import io.bourse.consensus.ConsensusCodec;
import io.bourse.consensus.ConsensusEngine;
import io.bourse.consensus.ConsensusMessage;
import io.bourse.consensus.ConsensusStatus;
import io.bourse.consensus.Effect;
import io.bourse.consensus.Input;
import io.bourse.core.codec.CodecException;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Role;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.node.net.Channels;
import io.bourse.node.net.PeerRouter;
import io.bourse.node.net.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the consensus state machine on one thread (STYLE.md): network messages, timer expiries
 * and synced blocks become {@link Input}s on one queue; the engine's {@link Effect}s are carried
 * out here — sends through the peer network, timers on the same thread, catch-up requests to
 * peers. Inputs get the clock when they are handled, so the engine never reads one.
 */
final class ConsensusDriver implements PeerRouter.Consensus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusDriver.class);
    /** Inputs waiting beyond this are shed (network messages only): a flood cannot exhaust memory. */
    static final int MAX_PENDING = 20_000;

    private final ConsensusEngine engine;
    private final PublicKey self;
    private final Chain chain;
    private final NodeMetrics metrics;
    private final Scheduler loop;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Transport peers;
    private volatile ConsensusStatus status;
    private long lastSyncRequestMillis;
    private int syncPeerCursor;

    ConsensusDriver(ConsensusEngine engine, Chain chain, NodeMetrics metrics, PublicKey self, Scheduler loop) {
        this.loop = loop;
        this.self = self;
        this.engine = engine;
        this.chain = chain;
        this.metrics = metrics;
    }

    void attach(Transport peers) {
        this.peers = peers;
    }

    /** How long a signer waits for enough peers before it starts consensus anyway. */
    static final long START_WAIT_MILLIS = 10_000;

    /**
     * Starts consensus once {@code ready} holds (enough signers are connected to form a quorum)
     * or after {@link #START_WAIT_MILLIS}: a proposal sent before the peers are connected would be
     * lost and cost a round change, and with it a needless change of generator.
     */
    void start(java.util.function.BooleanSupplier ready) {
        long deadline = loop.nowMillis() + START_WAIT_MILLIS;
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (ready.getAsBoolean() || loop.nowMillis() >= deadline) {
                    if (!ready.getAsBoolean()) {
                        LOG.warn("Starting consensus without enough connected signers for a quorum");
                    }
                    handle(new Input.Start(loop.nowMillis()));
                } else {
                    loop.schedule(this, 100);
                }
            }
        };
        loop.execute(check);
    }

    ConsensusStatus status() {
        return status;
    }

    int pending() {
        return pending.get();
    }

    private void submit(LongFunction<Input> input, boolean essential) {
        if (!essential && pending.get() >= MAX_PENDING) {
            metrics.shed();
            return;
        }
        pending.incrementAndGet();
        try {
            loop.execute(() -> {
                pending.decrementAndGet();
                handle(input.apply(loop.nowMillis()));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down
        }
    }

    /** A consensus message from an authenticated peer, still encoded (decoded here, off the consensus thread). */
    @Override
    public void onConsensusBytes(PublicKey from, byte[] bytes) {
        ConsensusMessage m;
        try {
            m = ConsensusCodec.decode(bytes);
        } catch (CodecException e) {
            metrics.rejectedMessage("malformed");
            LOG.debug("Dropped a malformed consensus message from {}: {}", from.address(), e.getMessage());
            return;
        }
        submit(now -> new Input.MessageReceived(from, m, now), false);
    }

    @Override
    public void onSyncResponse(PublicKey from, byte[] bytes) {
        List<Channels.Certified> blocks;
        try {
            blocks = Channels.parseSyncResponse(bytes);
        } catch (CodecException e) {
            metrics.rejectedMessage("malformed");
            return;
        }
        for (Channels.Certified c : blocks) {
            submit(now -> new Input.BlockSynced(c.block(), c.certificate(), now), false);
        }
    }

    /** Messages that arrived while this node waited for its peers, replayed once consensus starts. */
    private final java.util.ArrayDeque<LongFunction<Input>> early = new java.util.ArrayDeque<>();
    private boolean started;

    private void handle(Input input) {
        if (!started) {
            if (input instanceof Input.Start) {
                started = true;
                handleNow(input);
                while (!early.isEmpty()) {
                    handleNow(early.poll().apply(loop.nowMillis()));
                }
            } else if (early.size() < MAX_PENDING && !(input instanceof Input.TimerFired)) {
                early.add(now -> withNow(input, now));
            }
            return;
        }
        handleNow(input);
    }

    private static Input withNow(Input in, long now) {
        return switch (in) {
            case Input.MessageReceived m -> new Input.MessageReceived(m.from(), m.message(), now);
            case Input.BlockSynced b -> new Input.BlockSynced(b.block(), b.certificate(), now);
            default -> in;
        };
    }

    private void handleNow(Input input) {
        // the height being decided and this node's role, in every consensus log line
        MDC.put("at", " h=" + (chain.height() + 1) + " " + Role.of(self, chain.parameters()).label());
        List<Effect> effects;
        try {
            effects = engine.handle(input);
            status = engine.status();
        } catch (RuntimeException e) {
            LOG.error("Consensus failed on {}: {}", input.getClass().getSimpleName(), e.toString(), e);
            return;
        }
        for (Effect e : effects) {
            try {
                apply(e);
            } catch (RuntimeException ex) {
                LOG.warn("Could not carry out {}: {}", e.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    private void apply(Effect effect) {
        Transport net = peers;
        switch (effect) {
            case Effect.Broadcast b -> {
                if (net != null) {
                    net.broadcast(Channels.CONSENSUS, ConsensusCodec.encode(b.message()));
                }
            }
            case Effect.SendTo s -> {
                if (net != null) {
                    net.send(s.peer(), Channels.CONSENSUS, ConsensusCodec.encode(s.message()));
                }
            }
            case Effect.SetTimer t -> {
                long delay = Math.max(0, t.atMillis() - loop.nowMillis());
                try {
                    loop.schedule(() -> handle(new Input.TimerFired(t.kind(), t.height(), t.round(),
                            loop.nowMillis())), delay);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the node is stopping: no more rounds
                }
            }
            case Effect.Committed c -> {
                metrics.committed(c.block(), c.certificate(), chain.parameters(), loop.nowMillis());
                LOG.info("Block {} final: {} commitments, {} seals, generator {}{}", c.block().height(),
                        c.block().commitments().size(), c.certificate().seals().size(),
                        c.block().header().generator().address(),
                        c.certificate().round() > 0 ? " (round " + c.certificate().round() + ")" : "");
            }
            case Effect.SyncRequest s -> requestBlocks(net, s.fromHeight(), s.seenHeight());
            case Effect.EvidenceFound ev -> keepEvidence(ev.evidence());
            case Effect.Stalled s -> {
                metrics.stalledRound();
                LOG.warn("Height {} round {} timed out: {}", s.height(), s.round(), s.summary());
            }
            case Effect.Refused r -> refused(r);
            case Effect.Warning w -> LOG.warn("{}", w.message());
        }
    }

    /**
     * Counted by reason; logged at INFO when it says something about a block (an invalid proposal
     * or final block is news to an operator), at DEBUG for message noise (a stranger's or a forged
     * signature, a proposal from the wrong signer), which the counter shows in bulk.
     */
    private void refused(Effect.Refused r) {
        metrics.consensusRefused(r.refusal().reason().code());
        switch (r.refusal().reason()) {
            case SENDER_NOT_SIGNER, BAD_MESSAGE_SIGNATURE, WRONG_PROPOSER ->
                    LOG.debug("Refused {}: {}", r.what(), r.refusal());
            default -> LOG.info("Refused {}: {}", r.what(), r.refusal());
        }
    }

    /**
     * C8: both signed messages are kept in the store (journal column, {@code evidence/<offender>/<height>/<round>}),
     * each in its consensus encoding, so anyone can check them against the offender's key later.
     */
    private void keepEvidence(io.bourse.consensus.Evidence e) {
        metrics.evidence();
        byte[] both = new io.bourse.core.codec.Writer()
                .bytes(ConsensusCodec.encode(e.first())).bytes(ConsensusCodec.encode(e.second())).toByteArray();
        chain.store().putJournal("evidence/" + e.offender().hex() + "/" + e.height() + "/" + e.round(), both);
        LOG.warn("Equivocation: {}; both messages kept as evidence", e.describe());
    }

    private void requestBlocks(Transport net, long from, long seen) {
        long now = loop.nowMillis();
        if (net == null || now - lastSyncRequestMillis < 500) {
            return;
        }
        List<PublicKey> connected = new ArrayList<>(net.connectedPeers());
        if (connected.isEmpty()) {
            return;
        }
        connected.sort(null);
        PublicKey peer = connected.get(Math.floorMod(syncPeerCursor++, connected.size()));
        lastSyncRequestMillis = now;
        LOG.info("Behind: at height {}, peers are at {} or more; fetching blocks from {}", from - 1, seen,
                peer.address());
        net.send(peer, Channels.SYNC_REQUEST, new Channels.SyncRequest(from, Channels.MAX_SYNC_BLOCKS).toBytes());
    }

    @Override
    public void close() {
        loop.close();
    }
}
