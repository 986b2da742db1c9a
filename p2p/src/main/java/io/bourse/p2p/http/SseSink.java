package io.bourse.p2p.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventSink} writing {@code text/event-stream} chunks to one channel. Each event is one
 * chunk, so events from different threads never interleave. A client whose channel is not writable
 * (the write buffer is above its high water mark) is dropped rather than buffered.
 */
final class SseSink implements EventSink {
    private final Channel channel;
    private final ScheduledFuture<?> heartbeat;
    /** Set by {@link #close}: from then on the stream is over, even while the last bytes drain. */
    private volatile boolean closed;

    SseSink(Channel channel, Duration heartbeatEvery) {
        this.channel = channel;
        long nanos = heartbeatEvery.toNanos();
        this.heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> write(": keep-alive\n\n"), nanos, nanos, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> heartbeat.cancel(false));
    }

    @Override
    public boolean send(String event, String id, String data) {
        StringBuilder b = new StringBuilder(data.length() + 32);
        if (event != null) {
            b.append("event: ").append(field(event, "event")).append('\n');
        }
        if (id != null) {
            b.append("id: ").append(field(id, "id")).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return write(b.append('\n').toString());
    }

    private boolean write(String text) {
        if (closed || !channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            close(); // a client that does not keep up is dropped, never buffered without bound
            return false;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        return true;
    }

    private static String field(String value, String name) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + name + " must not contain a line break");
        }
        return value;
    }

    @Override
    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.cancel(false);
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }
}
