package io.bourse.p2p;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-peer inbound limits: two token buckets, frames per second and bytes per second. A frame
 * over either limit is dropped and counted as throttled, and reading from the socket pauses until
 * the buckets have refilled, so a fast sender meets TCP back-pressure rather than our memory. A
 * peer that still sends more than {@link P2pOptions#floodTolerance()} frames over the limit on one
 * connection is dropped with {@link DisconnectReason#RATE_LIMITED}, which adds to its
 * misbehaviour score. Honest peers stay inside the burst sizes; a dropped frame is a lost
 * message, which the node's protocols must tolerate anyway.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RateLimitHandler.class);
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Counters counters;
    private final int tolerance;
    private final String limits;
    private final TokenBucket frames;
    private final TokenBucket bytes;
    private int excess;
    private boolean paused;

    RateLimitHandler(PeerContext peers) {
        P2pOptions o = peers.options();
        this.counters = peers.counters();
        this.tolerance = o.floodTolerance();
        this.limits = o.messagesPerSecond() + " frames/s and " + o.bytesPerSecond() + " bytes/s";
        this.frames = new TokenBucket(o.messagesPerSecond(), o.messageBurst(), peers.nanoClock());
        this.bytes = new TokenBucket(o.bytesPerSecond(), o.byteBurst(), peers.nanoClock());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int size = ((Frame) msg).wireSize();
        if (frames.available(1) && bytes.available(size)) {
            frames.take(1);
            bytes.take(size);
            ctx.fireChannelRead(msg);
            return;
        }
        counters.framesThrottled.increment();
        excess++;
        if (excess > tolerance) {
            PeerChannels.drop(ctx.channel(), DisconnectReason.RATE_LIMITED,
                    excess + " frames over " + limits + " despite throttling");
            return;
        }
        if (!paused) {
            pause(ctx, size);
        }
    }

    private void pause(ChannelHandlerContext ctx, int size) {
        if (excess == 1) {
            log.info("throttling peer {}: over its rate limit", PeerChannels.describe(ctx.channel()));
        }
        paused = true;
        ctx.channel().config().setAutoRead(false);
        long wait = Math.max(MIN_PAUSE_NANOS, Math.max(frames.nanosUntil(1), bytes.nanosUntil(size)));
        ctx.executor().schedule(() -> {
            paused = false;
            if (ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
            }
        }, wait, TimeUnit.NANOSECONDS);
    }
}
