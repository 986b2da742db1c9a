package io.bourse.p2p;

import io.bourse.core.types.PublicKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: registers authenticated peers, hands messages to the node's
 * {@link PeerListener}, and turns every exception that reaches it into a drop with a reason, so
 * nothing a peer sends escapes the pipeline. When the channel closes it counts and logs the
 * reason and, for reasons that only a misbehaving peer causes, scores the verified key.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PeerHandler.class);

    private final PeerContext peers;
    private PublicKey key;

    PeerHandler(PeerContext peers) {
        this.peers = peers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof PeerAuthenticated auth) {
            key = auth.key();
            log.info("peer {} authenticated ({})", PeerChannels.describe(ctx.channel()), auth.outbound() ? "outbound" : "inbound");
            Dialer dialer = ctx.channel().attr(PeerChannels.DIALER).get();
            if (dialer != null) {
                dialer.authenticated(key);
            }
            peers.table().register(ctx.channel(), auth);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Frame.Message m -> deliver(ctx, m);
            case Frame.Goodbye g -> {
                DisconnectReason reason = DisconnectReason.ofCode(g.reasonCode());
                PeerChannels.drop(ctx.channel(), DisconnectReason.REMOTE_CLOSED,
                        "peer said goodbye: " + (reason == null ? "code " + g.reasonCode() : reason));
            }
            default -> throw new PeerProtocolException(DisconnectReason.PROTOCOL_VIOLATION,
                    "unexpected " + msg.getClass().getSimpleName());
        }
    }

    private void deliver(ChannelHandlerContext ctx, Frame.Message m) {
        if (key == null || !peers.table().isConnected(key)) {
            return; // a leftover duplicate of a peer that has gone: the node was told it is gone
        }
        peers.counters().messagesIn.increment();
        try {
            peers.listener().onMessage(key, m.channel(), m.payload());
        } catch (RuntimeException e) {
            log.error("peer listener threw on a message from {} on channel {}; the peer is kept",
                    PeerChannels.describe(ctx.channel()), m.channel(), e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        PeerChannels.Drop drop = ctx.channel().attr(PeerChannels.DROP).get();
        DisconnectReason reason = drop == null ? DisconnectReason.REMOTE_CLOSED : drop.reason();
        String detail = drop == null ? "connection closed" : drop.detail();
        String who = PeerChannels.describe(ctx.channel());
        if (reason.misbehaviour() > 0) {
            log.warn("dropped peer {}: {} ({})", who, reason, detail);
            if (key != null) {
                peers.table().penalise(key, reason);
            }
        } else if (reason == DisconnectReason.DUPLICATE || reason == DisconnectReason.SHUTDOWN) {
            log.debug("closed connection to {}: {} ({})", who, reason, detail);
        } else {
            log.info("disconnected from {}: {} ({})", who, reason, detail);
        }
        // in this order: whoever sees the count (a metric scrape, a test) also sees the ban it led
        // to, and whoever sees the peer gone from the table also sees it counted
        peers.counters().disconnect(reason);
        peers.table().unregister(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        switch (c) {
            case PeerProtocolException p -> PeerChannels.drop(ctx.channel(), p.reason(), p.getMessage());
            case TooLongFrameException t -> PeerChannels.drop(ctx.channel(), DisconnectReason.FRAME_TOO_LARGE, t.getMessage());
            case CorruptedFrameException f -> PeerChannels.drop(ctx.channel(), DisconnectReason.MALFORMED_FRAME, f.getMessage());
            case IOException io -> PeerChannels.drop(ctx.channel(), DisconnectReason.IO_ERROR, io.toString());
            default -> {
                if (!PeerChannels.dropping(ctx.channel())) {
                    log.error("internal error on the connection to {}", PeerChannels.describe(ctx.channel()), cause);
                }
                PeerChannels.drop(ctx.channel(), DisconnectReason.INTERNAL_ERROR, cause.toString());
            }
        }
    }
}
