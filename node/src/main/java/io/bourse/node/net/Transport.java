package io.bourse.node.net;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The node's port to its peers: authenticated peers, numbered channels, opaque payloads. The
 * production implementation is Netty ({@link NettyTransport}); tests also run whole networks over
 * an in-memory one, with the same node code behind it.
 */
public interface Transport extends AutoCloseable {
    /** The peer port, for operators and tests (0 when the transport has none). */
    int port();

    boolean send(PublicKey peer, int channel, byte[] payload);

    int broadcast(int channel, byte[] payload);

    Set<PublicKey> connectedPeers();

    /** Drops connected peers the authorizer no longer allows (after a parameters change). */
    void revalidate();

    /** Keeps a connection to one more address (a no-op where peers find each other otherwise). */
    void connect(java.net.InetSocketAddress address);

    /** Counters since start for metrics: bytes and messages in and out, sends dropped (0 where not counted). */
    default Traffic traffic() {
        return new Traffic(0, 0, 0, 0, 0);
    }

    record Traffic(long bytesIn, long bytesOut, long messagesIn, long messagesOut, long sendsDropped) {
    }

    @Override
    void close();

    /**
     * What the node hears from its peers. Calls may come on the transport's I/O threads: an
     * implementation returns quickly and never blocks. Per peer, {@code onConnected} precedes its
     * messages, which arrive in the order sent, and {@code onDisconnected} follows the last.
     */
    interface Listener {
        void onMessage(PublicKey from, int channel, byte[] payload);

        void onConnected(PublicKey peer);

        void onDisconnected(PublicKey peer);
    }

    /** Makes a node's transport: its identity, its chain, who may connect, and where to deliver. */
    @FunctionalInterface
    interface Factory {
        Transport open(KeyPair identity, ChainId chain, Predicate<PublicKey> authorizer, Listener listener);
    }
}
