package io.bourse.p2p;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticated peer transport: opaque payloads on numbered channels (0–65535) between peers
 * that proved their Ed25519 keys in a signed handshake (see {@link HandshakeHandler} and
 * {@code docs/protocol.md}). It listens on one address, keeps outbound connections to the
 * addresses it is given, holds at most one connection per peer key, and never queues without bound:
 * a send to a peer whose write buffer is above the high water mark is dropped and counted.
 *
 * <p>Delivery is best effort and in order per peer; there are no acknowledgements or
 * retransmissions above TCP. Listener calls come on Netty threads (see {@link PeerListener}).
 * All methods are thread-safe.
 */
public final class PeerNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerNetwork.class);

    private final PeerContext peers;
    private final InetSocketAddress bind;
    private final List<Dialer> dialers = new CopyOnWriteArrayList<>();
    private final ChannelGroup channels = new DefaultChannelGroup("bourse-p2p", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Bootstrap dialing;
    private Channel server;
    private volatile boolean closed;

    /**
     * @param identity   this node's key, proved to every peer
     * @param chainId    peers on another chain are refused
     * @param bind       where to listen; port 0 picks a free port (see {@link #port()})
     * @param authorizer asked at each HELLO whether the key may connect, on a Netty thread: it must be
     *                   fast, non-blocking and thread-safe (e.g. a lookup in a volatile set the node
     *                   replaces when the Network Parameters change, then {@link #revalidate()})
     * @param listener   receives messages and connection events
     * @param options    limits and timings
     */
    public PeerNetwork(KeyPair identity, ChainId chainId, InetSocketAddress bind, Predicate<PublicKey> authorizer,
                       PeerListener listener, P2pOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        this.bind = Objects.requireNonNull(bind, "bind");
        PeerTable table = new PeerTable(identity.publicKey(), listener, options, System::nanoTime);
        this.peers = new PeerContext(identity, chainId, authorizer, listener, options, table, new Counters(), System::nanoTime);
        table.onPeerGone(key -> dialers.forEach(d -> d.peerGone(key)));
    }

    /** Binds the listening socket and starts the event loops. */
    public synchronized PeerNetwork start() {
        if (acceptors != null) {
            throw new IllegalStateException("already started");
        }
        P2pOptions o = peers.options();
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bourse-p2p-accept", true), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(o.ioThreads(), new DefaultThreadFactory("bourse-p2p", true), NioIoHandler.newFactory());
        WriteBufferWaterMark marks = new WriteBufferWaterMark(o.writeBufferLowBytes(), o.writeBufferHighBytes());
        dialing = new Bootstrap().group(workers).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, o.handshakeTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FrameSizeEstimator.INSTANCE)
                .handler(admitted(true));
        ServerBootstrap accepting = new ServerBootstrap().group(acceptors, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FrameSizeEstimator.INSTANCE)
                .childHandler(admitted(false));
        try {
            server = accepting.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) { // also the BindException Netty rethrows unchecked
            shutdownLoops();
            throw new P2pException("cannot listen for peers on " + bind + ": " + e.getMessage(), e);
        }
        log.info("peer network listening on {} as {}", server.localAddress(), peers.identity().publicKey());
        return this;
    }

    /** Applies the connection limit, then builds the protocol stack. */
    private ChannelInitializer<Channel> admitted(boolean outbound) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (closed || channels.size() >= peers.options().maxConnections()) {
                    peers.counters().disconnect(closed ? DisconnectReason.SHUTDOWN : DisconnectReason.TOO_MANY_CONNECTIONS);
                    log.info("refusing connection {}: {}", ch.remoteAddress(), closed ? "shutting down" : "too many connections");
                    ch.close();
                    return;
                }
                channels.add(ch);
                PeerChannelInitializer.build(ch.pipeline(), peers, outbound);
            }
        };
    }

    /** The port the network listens on (the real one when bound to port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public PublicKey identity() {
        return peers.identity().publicKey();
    }

    /**
     * Keeps a connection to {@code address} up from now until {@link #close()}: dials, and after a
     * failure or a disconnect dials again with capped exponential back-off and jitter. Calling it
     * again for the same address does nothing.
     */
    public synchronized void connect(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (dialing == null || closed) {
            throw new IllegalStateException("the peer network is not running");
        }
        if (dialers.stream().anyMatch(d -> d.address().equals(address))) {
            return;
        }
        Dialer d = new Dialer(address, dialing, peers.options(), peers.table());
        dialers.add(d);
        d.start();
    }

    /**
     * Queues {@code payload} for {@code peer} on {@code channel}. The payload is copied.
     *
     * @return false, and the message is dropped and counted, if the peer is not connected or its
     *         write buffer is above the high water mark; true if it was queued (not yet delivered)
     * @throws IllegalArgumentException if the channel is outside 0–65535 or the payload exceeds
     *         {@link P2pOptions#maxPayloadBytes()}
     */
    public boolean send(PublicKey peer, int channel, byte[] payload) {
        return send(peer, message(channel, payload.clone()));
    }

    /**
     * Sends {@code payload} to every connected peer, as {@link #send} would.
     *
     * @return how many peers it was queued for
     */
    public int broadcast(int channel, byte[] payload) {
        Frame.Message m = message(channel, payload.clone());
        int sent = 0;
        for (PublicKey peer : peers.table().keys()) {
            sent += send(peer, m) ? 1 : 0;
        }
        return sent;
    }

    private Frame.Message message(int channel, byte[] payload) {
        if (payload.length > peers.options().maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds the limit of "
                    + peers.options().maxPayloadBytes());
        }
        return new Frame.Message(channel, payload);
    }

    private boolean send(PublicKey peer, Frame.Message m) {
        Channel ch = peers.table().channel(peer);
        if (ch == null || !ch.isActive()) {
            peers.counters().droppedNotConnected.increment();
            return false;
        }
        if (!ch.isWritable()) {
            peers.counters().droppedNotWritable.increment();
            return false;
        }
        ch.writeAndFlush(m);
        peers.counters().messagesOut.increment();
        return true;
    }

    /** The keys with a live, authenticated connection now. */
    public Set<PublicKey> connectedPeers() {
        return peers.table().keys();
    }

    /** Asks the authorizer again about every connected peer and drops those it no longer allows. */
    public void revalidate() {
        for (PublicKey key : peers.table().keys()) {
            if (!peers.authorizer().test(key)) {
                Channel ch = peers.table().channel(key);
                if (ch != null) {
                    PeerChannels.drop(ch, DisconnectReason.NOT_AUTHORIZED, "no longer authorized");
                }
            }
        }
    }

    public P2pMetrics metrics() {
        return peers.counters().snapshot();
    }

    /** The key's current misbehaviour score (0 after a ban starts; see {@link DisconnectReason#misbehaviour()}). */
    public int misbehaviourScore(PublicKey key) {
        return peers.table().score(key);
    }

    public boolean isBanned(PublicKey key) {
        return peers.table().banned(key);
    }

    /** Stops dialling, says goodbye to every peer, closes the sockets and stops the event loops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dialers.forEach(Dialer::stop);
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        for (Channel ch : channels) {
            PeerChannels.drop(ch, DisconnectReason.SHUTDOWN, "node shutting down");
        }
        channels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownLoops();
    }

    private void shutdownLoops() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
