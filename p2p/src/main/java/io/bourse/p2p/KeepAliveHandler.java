package io.bourse.p2p;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Heartbeat on top of {@link io.netty.handler.timeout.IdleStateHandler}: when we have written
 * nothing for a while we PING; a PING is answered with a PONG echoing its nonce; a peer we have
 * heard nothing from for the idle timeout is dropped. Pings start only once the peer is
 * authenticated (a PING before that would be a protocol violation).
 */
final class KeepAliveHandler extends ChannelInboundHandlerAdapter {
    private boolean authenticated;
    private long nextPing;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof PeerAuthenticated) {
            authenticated = true;
            ctx.fireUserEventTriggered(evt);
        } else if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                PeerChannels.drop(ctx.channel(), DisconnectReason.IDLE_TIMEOUT, "nothing received, not even a PONG");
            } else if (idle.state() == IdleState.WRITER_IDLE && authenticated) {
                ctx.writeAndFlush(new Frame.Ping(nextPing++));
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Frame.Ping ping -> ctx.writeAndFlush(new Frame.Pong(ping.nonce()));
            case Frame.Pong ignored -> { }
            default -> ctx.fireChannelRead(msg);
        }
    }
}
