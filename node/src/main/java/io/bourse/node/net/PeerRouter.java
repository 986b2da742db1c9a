package io.bourse.node.net;

import io.bourse.core.codec.CodecException;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what peers send, by channel (docs/protocol.md): consensus messages and sync responses to
 * the consensus driver, sync requests to the {@link SyncServer}, gossiped commitments to admission
 * on a thread of its own with a bounded queue (admission may wait while a block executes, and must
 * never do so on a network thread).
 *
 * <p>Members (the signers and execution servers in force) may use every channel. Observers — any
 * other authenticated key, see {@link #mayConnect} — are read-only: they receive what members
 * broadcast and may ask for blocks and gossip commitments, within {@link ObserverPolicy}'s rate;
 * their consensus messages are dropped unread.
 */
public final class PeerRouter implements Transport.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRouter.class);
    /** Gossiped commitments that may wait for admission; more are dropped. */
    public static final int ADMISSION_QUEUE = 10_000;

    /** The consensus driver's side of the router. */
    public interface Consensus {
        void onConsensusBytes(PublicKey from, byte[] bytes);

        void onSyncResponse(PublicKey from, byte[] bytes);
    }

    /**
     * How many observers a node keeps and how fast each may send. {@code maxObservers} 0 refuses
     * every observer.
     */
    public record ObserverPolicy(int maxObservers, int messagesPerSecond, int burst) {
        public ObserverPolicy {
            if (maxObservers < 0 || messagesPerSecond <= 0 || burst <= 0) {
                throw new IllegalArgumentException("observer limits must be positive (maxObservers may be 0)");
            }
        }

        public static ObserverPolicy defaults(int maxObservers) {
            return new ObserverPolicy(maxObservers, 50, 200);
        }
    }

    private final Predicate<PublicKey> member;
    private final ObserverPolicy observers;
    private final Consensus consensus;
    private final SyncServer syncServer;
    private final Mempool mempool;
    private final Mempool.Committed chain;
    private final NodeMetrics metrics;
    private final LongSupplier nanoClock;
    private final Map<PublicKey, Bucket> observerBuckets = new ConcurrentHashMap<>();
    private volatile Transport peers;
    private final ExecutorService admission;

    /**
     * @param admission one thread for gossiped commitments, its queue bounded (production: {@link #ADMISSION_QUEUE});
     *                  it refuses when full, and {@link #close} shuts it down
     */
    public PeerRouter(Predicate<PublicKey> member, ObserverPolicy observers, Consensus consensus, SyncServer syncServer,
                      Mempool mempool, Mempool.Committed chain, NodeMetrics metrics, LongSupplier nanoClock,
                      ExecutorService admission) {
        this.admission = admission;
        this.member = member;
        this.observers = observers;
        this.consensus = consensus;
        this.syncServer = syncServer;
        this.mempool = mempool;
        this.chain = chain;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    public void attach(Transport peers) {
        this.peers = peers;
    }

    /**
     * C10 and observers: members always hold a connection; any other key holds one as an observer
     * while fewer than {@code maxObservers} observers are connected.
     */
    public boolean mayConnect(PublicKey peer) {
        if (member.test(peer)) {
            return true;
        }
        Transport net = peers;
        if (observers.maxObservers() == 0 || net == null) {
            return false;
        }
        long connected = net.connectedPeers().stream().filter(p -> !member.test(p) && !p.equals(peer)).count();
        return connected < observers.maxObservers();
    }

    @Override
    public void onMessage(PublicKey from, int channel, byte[] payload) {
        if (!member.test(from) && !observerMaySend(from, channel)) {
            return;
        }
        switch (channel) {
            case Channels.CONSENSUS -> consensus.onConsensusBytes(from, payload);
            case Channels.COMMITMENT -> admitGossip(payload);
            case Channels.COMMITMENTS -> admitGossipBatch(payload);
            case Channels.SYNC_REQUEST -> syncServer.onRequest(from, payload);
            case Channels.SYNC_RESPONSE -> consensus.onSyncResponse(from, payload);
            default -> metrics.rejectedMessage("unknown-channel");
        }
    }

    private boolean observerMaySend(PublicKey from, int channel) {
        if (channel == Channels.CONSENSUS) {
            metrics.rejectedMessage("observer-consensus");
            return false;
        }
        Bucket b = observerBuckets.computeIfAbsent(from, k -> new Bucket(observers, nanoClock.getAsLong()));
        if (!b.take(nanoClock.getAsLong())) {
            metrics.rejectedMessage("observer-rate");
            return false;
        }
        return true;
    }

    /** A full queue drops the commitment (its sender may resubmit). */
    private void admitGossip(byte[] payload) {
        try {
            admission.execute(() -> {
                try {
                    Commitment c = Commitment.fromBytes(payload);
                    metrics.admission("gossip-" + mempool.admitAgainst(c, chain).name().toLowerCase(Locale.ROOT));
                } catch (CodecException e) {
                    metrics.rejectedMessage("malformed");
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.admission("gossip-dropped");
        }
    }

    /**
     * A batch of gossiped commitments is one admission task ({@link Mempool#admitAll}: cheap
     * checks, then the signatures across the cores); a full queue drops the batch, which the
     * node that admitted it offers again later ({@link Mempool#regossipDue}).
     */
    private void admitGossipBatch(byte[] payload) {
        try {
            admission.execute(() -> {
                List<Commitment> cs = new ArrayList<>();
                try {
                    for (byte[] b : Channels.parseCommitments(payload)) {
                        cs.add(Commitment.fromBytes(b));
                    }
                } catch (CodecException e) {
                    metrics.rejectedMessage("malformed");
                    return;
                }
                Map<Mempool.Admission, Integer> outcomes = new java.util.EnumMap<>(Mempool.Admission.class);
                for (Mempool.Admission a : mempool.admitAll(cs, chain)) {
                    outcomes.merge(a, 1, Integer::sum);
                }
                outcomes.forEach((a, n) -> metrics.admission("gossip-" + a.name().toLowerCase(Locale.ROOT), n));
            });
        } catch (RejectedExecutionException e) {
            // the count in the payload's first four bytes, unchecked: a metric only
            metrics.admission("gossip-dropped", payload.length < 4 ? 1 : Math.min(Channels.MAX_COMMITMENTS, Integer.toUnsignedLong(
                    java.nio.ByteBuffer.wrap(payload, 0, 4).getInt())));
        }
    }

    @Override
    public void onConnected(PublicKey peer) {
        LOG.info("Peer {} connected{}", peer.address(), member.test(peer) ? "" : " as an observer");
    }

    @Override
    public void onDisconnected(PublicKey peer) {
        observerBuckets.remove(peer);
        LOG.info("Peer {} disconnected", peer.address());
    }

    @Override
    public void close() {
        admission.shutdownNow();
    }

    /** A token bucket on an injected nanosecond clock (GCRA: one "theoretical arrival time"). */
    private static final class Bucket {
        private final long nanosPerToken;
        private final long toleranceNanos;
        private long arrival;

        Bucket(ObserverPolicy p, long now) {
            this.nanosPerToken = 1_000_000_000L / p.messagesPerSecond();
            this.toleranceNanos = nanosPerToken * (p.burst() - 1L);
            this.arrival = now;
        }

        synchronized boolean take(long now) {
            long tat = Math.max(arrival, now);
            if (tat - now > toleranceNanos) {
                return false;
            }
            arrival = tat + nanosPerToken;
            return true;
        }
    }
}
