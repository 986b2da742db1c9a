package io.bourse.p2p;

import io.bourse.core.types.PublicKey;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticated peers, at most one connection each, and their misbehaviour scores.
 *
 * <p><b>Duplicate rule.</b> When two nodes dial each other at once they end up with two
 * connections. Both sides keep the same one, without talking about it: the connection dialled by
 * the smaller public key (unsigned byte order); if the same side dialled both, the one whose
 * dialer nonce is smaller. The other stops being the peer's live connection at once but is closed
 * with {@link DisconnectReason#DUPLICATE} only after a grace period: the other side may still be
 * finishing the winner's handshake and sending on the loser, and an immediate close would make it
 * see a disconnect and a reconnect. Messages on the loser during the grace period are delivered.
 * The listener sees neither a disconnect nor a second connect.
 *
 * <p><b>Misbehaviour.</b> Drops for reasons with a weight ({@link DisconnectReason#misbehaviour()})
 * add to the verified key's score; at the threshold the key is refused at handshake for the ban
 * duration and the score starts again from zero. Failures before a key is verified are not scored
 * against any key, since the claimed key may be someone else's.
 */
final class PeerTable {
    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);
    static final Duration DUPLICATE_GRACE = Duration.ofSeconds(1);

    private record Entry(Channel channel, boolean outbound, byte[] dialerNonce) {
    }

    private record Score(int points, long bannedUntilNanos) {
    }

    private final PublicKey self;
    private final PeerListener listener;
    private final P2pOptions options;
    private final LongSupplier nanoClock;
    private final Map<PublicKey, Entry> peers = new ConcurrentHashMap<>();
    private final Map<PublicKey, Score> scores = new HashMap<>();
    private volatile Consumer<PublicKey> onPeerGone = k -> { };

    PeerTable(PublicKey self, PeerListener listener, P2pOptions options, LongSupplier nanoClock) {
        this.self = self;
        this.listener = listener;
        this.options = options;
        this.nanoClock = nanoClock;
    }

    void onPeerGone(Consumer<PublicKey> callback) {
        this.onPeerGone = callback;
    }

    /** Registers a freshly authenticated connection, applying the duplicate rule. */
    synchronized void register(Channel ch, PeerAuthenticated auth) {
        Entry fresh = new Entry(ch, auth.outbound(), auth.dialerNonce());
        Entry current = peers.get(auth.key());
        if (current == null || !current.channel().isActive()) {
            peers.put(auth.key(), fresh);
            if (current == null) {
                notify(() -> listener.onConnected(auth.key()), "onConnected");
            }
            return;
        }
        if (keeps(fresh, current, auth.key())) {
            peers.put(auth.key(), fresh);
            dropLater(current.channel(), "a preferred connection replaced it");
        } else {
            dropLater(ch, "the peer has a preferred connection");
        }
    }

    private static void dropLater(Channel ch, String detail) {
        ch.eventLoop().schedule(() -> PeerChannels.drop(ch, DisconnectReason.DUPLICATE, detail),
                DUPLICATE_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Forgets a closed connection; the listener hears of it only if it was the peer's live one. */
    void unregister(Channel ch) {
        PublicKey key = ch.attr(PeerChannels.PEER_KEY).get();
        if (key == null) {
            return;
        }
        boolean gone;
        synchronized (this) {
            Entry e = peers.get(key);
            gone = e != null && e.channel() == ch;
            if (gone) {
                peers.remove(key);
                notify(() -> listener.onDisconnected(key), "onDisconnected");
            }
        }
        if (gone) {
            onPeerGone.accept(key);
        }
    }

    /** Whether {@code fresh} wins over {@code current}, identically on both ends. */
    private boolean keeps(Entry fresh, Entry current, PublicKey peer) {
        PublicKey freshDialer = fresh.outbound() ? self : peer;
        PublicKey currentDialer = current.outbound() ? self : peer;
        int byDialer = freshDialer.compareTo(currentDialer);
        if (byDialer != 0) {
            return byDialer < 0;
        }
        return Arrays.compareUnsigned(fresh.dialerNonce(), current.dialerNonce()) < 0;
    }

    Channel channel(PublicKey key) {
        Entry e = peers.get(key);
        return e == null ? null : e.channel();
    }

    boolean isConnected(PublicKey key) {
        return peers.containsKey(key);
    }

    Set<PublicKey> keys() {
        return Set.copyOf(new TreeSet<>(peers.keySet()));
    }

    /** Adds the weight of {@code reason} to {@code key}'s score; bans the key at the threshold. */
    synchronized void penalise(PublicKey key, DisconnectReason reason) {
        if (reason.misbehaviour() == 0) {
            return;
        }
        Score s = scores.getOrDefault(key, new Score(0, Long.MIN_VALUE));
        int points = s.points() + reason.misbehaviour();
        if (points >= options.banThreshold()) {
            long until = nanoClock.getAsLong() + options.banDuration().toNanos();
            log.warn("banning peer {} for {} after misbehaviour (last: {})", key, options.banDuration(), reason);
            scores.put(key, new Score(0, until));
        } else {
            scores.put(key, new Score(points, s.bannedUntilNanos()));
        }
    }

    synchronized boolean banned(PublicKey key) {
        Score s = scores.get(key);
        return s != null && s.bannedUntilNanos() != Long.MIN_VALUE && nanoClock.getAsLong() - s.bannedUntilNanos() < 0;
    }

    synchronized int score(PublicKey key) {
        Score s = scores.get(key);
        return s == null ? 0 : s.points();
    }

    private static void notify(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("peer listener {} threw; the peer is kept", what, e);
        }
    }
}
