package io.bourse.node;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.PublicKey;
import io.bourse.node.net.Transport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory transport for whole networks of in-JVM nodes: every member that both sides'
 * authorizers allow is connected; each node receives through its {@link Inbox}, in the order each
 * peer sent, like the Netty transport. The node code above it is the production code. Members and
 * peers are kept in key order, so with deterministic inboxes ({@link VirtualTime#inboxes}) a whole
 * run is deterministic too.
 */
final class LocalNetwork {
    private final Map<PublicKey, Member> members = new ConcurrentSkipListMap<>();
    private final Function<PublicKey, Inbox> inboxes;

    /** Where a member's deliveries run: each sender's in the order posted, none after {@link #close}. */
    interface Inbox extends AutoCloseable {
        void post(PublicKey from, Runnable delivery);

        @Override
        void close();
    }

    /** Each member receives on a thread of its own. */
    LocalNetwork() {
        this(key -> ownThread());
    }

    /** Each member receives through the inbox made for its key. */
    LocalNetwork(Function<PublicKey, Inbox> inboxes) {
        this.inboxes = inboxes;
    }

    private static Inbox ownThread() {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        return new Inbox() {
            @Override
            public void post(PublicKey from, Runnable delivery) {
                thread.execute(delivery);
            }

            @Override
            public void close() {
                thread.shutdownNow();
            }
        };
    }

    Transport.Factory factory() {
        return (identity, chain, authorizer, listener) -> join(new Member(identity, authorizer, listener));
    }

    private synchronized Member join(Member t) {
        for (Member m : members.values()) {
            if (t.authorizer.test(m.key()) && m.authorizer.test(t.key())) {
                link(t, m);
                link(m, t);
            }
        }
        members.put(t.key(), t);
        return t;
    }

    private static void link(Member a, Member b) {
        a.peers.add(b.key());
        a.inbox.post(b.key(), () -> a.listener.onConnected(b.key()));
    }

    private synchronized void leave(Member t) {
        members.remove(t.key());
        for (Member m : members.values()) {
            if (m.peers.remove(t.key())) {
                m.inbox.post(t.key(), () -> m.listener.onDisconnected(t.key()));
            }
        }
    }

    private boolean deliver(Member from, PublicKey to, int channel, byte[] payload) {
        Member target = members.get(to);
        if (target == null || !from.peers.contains(to) || !target.peers.contains(from.key())) {
            return false;
        }
        byte[] copy = payload.clone();
        target.inbox.post(from.key(), () -> target.listener.onMessage(from.key(), channel, copy));
        return true;
    }

    private final class Member implements Transport {
        final KeyPair identity;
        final Predicate<PublicKey> authorizer;
        final Transport.Listener listener;
        final Set<PublicKey> peers = new ConcurrentSkipListSet<>();
        final Inbox inbox;

        Member(KeyPair identity, Predicate<PublicKey> authorizer, Transport.Listener listener) {
            this.identity = identity;
            this.authorizer = authorizer;
            this.listener = listener;
            this.inbox = inboxes.apply(identity.publicKey());
        }

        PublicKey key() {
            return identity.publicKey();
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public boolean send(PublicKey peer, int channel, byte[] payload) {
            return deliver(this, peer, channel, payload);
        }

        @Override
        public int broadcast(int channel, byte[] payload) {
            int n = 0;
            for (PublicKey p : peers) {
                n += deliver(this, p, channel, payload) ? 1 : 0;
            }
            return n;
        }

        @Override
        public Set<PublicKey> connectedPeers() {
            return Set.copyOf(peers);
        }

        @Override
        public void revalidate() {
            peers.removeIf(p -> !authorizer.test(p));
        }

        @Override
        public void connect(InetSocketAddress address) {
            // members find each other on join
        }

        @Override
        public void close() {
            leave(this);
            inbox.close();
        }
    }
}
