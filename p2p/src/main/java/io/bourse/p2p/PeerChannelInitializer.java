package io.bourse.p2p;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The peer protocol stack, bottom (socket) to top (node). */
final class PeerChannelInitializer extends ChannelInitializer<Channel> {
    private static final int LENGTH_BYTES = 4;

    private final PeerContext peers;
    private final boolean outbound;

    PeerChannelInitializer(PeerContext peers, boolean outbound) {
        this.peers = peers;
        this.outbound = outbound;
    }

    @Override
    protected void initChannel(Channel ch) {
        build(ch.pipeline(), peers, outbound);
    }

    static void build(ChannelPipeline p, PeerContext peers, boolean outbound) {
        P2pOptions o = peers.options();
        long idle = o.idleTimeout().toNanos();
        p.addLast("metering", new MeteringHandler(peers.counters()));
        // TLS 1.3 goes here when it comes (docs/protocol.md); the handshake below then also binds the session.
        p.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(o.maxFrameBytes() + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
        p.addLast("framePrepender", new LengthFieldPrepender(LENGTH_BYTES));
        p.addLast("frameCodec", new FrameCodec());
        p.addLast("handshake", new HandshakeHandler(peers, outbound));
        p.addLast("idle", new IdleStateHandler(idle, idle / 3, 0, TimeUnit.NANOSECONDS));
        p.addLast("rateLimit", new RateLimitHandler(peers));
        p.addLast("keepAlive", new KeepAliveHandler());
        p.addLast("peer", new PeerHandler(peers));
    }
}
