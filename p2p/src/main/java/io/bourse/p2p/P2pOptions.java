package io.bourse.p2p;

import java.time.Duration;

/**
 * Limits and timings of the peer network, validated once.
 *
 * @param maxFrameBytes        largest frame accepted or sent, type byte included (length prefix excluded)
 * @param messagesPerSecond    sustained inbound frames per second per peer (token bucket rate)
 * @param messageBurst         inbound frames a peer may send at once (token bucket size)
 * @param bytesPerSecond       sustained inbound bytes per second per peer
 * @param byteBurst            inbound bytes a peer may send at once; at least {@code maxFrameBytes}
 * @param floodTolerance       frames over the limit a peer may send on one connection before it is dropped
 * @param handshakeTimeout     time from connect to a verified AUTH
 * @param idleTimeout          a peer silent this long (pings count) is dropped; we ping after a third of it
 * @param reconnectInitial     first reconnect delay; doubles per failure
 * @param reconnectMax         cap on the reconnect delay (before jitter)
 * @param writeBufferLowBytes  a non-writable peer becomes writable again below this many queued bytes
 * @param writeBufferHighBytes a peer with more queued bytes than this is not writable: sends to it are dropped
 * @param maxConnections       open connections (inbound and outbound, authenticated or not)
 * @param banThreshold         misbehaviour score at which a key is refused for {@code banDuration}
 * @param banDuration          how long a misbehaving key is refused
 * @param ioThreads            Netty worker threads
 */
public record P2pOptions(int maxFrameBytes, int messagesPerSecond, int messageBurst, long bytesPerSecond,
                         long byteBurst, int floodTolerance, Duration handshakeTimeout, Duration idleTimeout,
                         Duration reconnectInitial, Duration reconnectMax, int writeBufferLowBytes,
                         int writeBufferHighBytes, int maxConnections, int banThreshold, Duration banDuration,
                         int ioThreads) {
    /** Frame type (1) plus channel (2): a payload may be this much smaller than a frame. */
    static final int MESSAGE_OVERHEAD = 3;

    /** The largest rate or burst a token bucket can hold (it multiplies by 10^9 nanoseconds). */
    public static final long MAX_RATE = Long.MAX_VALUE / 1_000_000_000L;

    public P2pOptions {
        positive(maxFrameBytes, "maxFrameBytes");
        if (maxFrameBytes < 256) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 256 (a HELLO must fit)");
        }
        positive(messagesPerSecond, "messagesPerSecond");
        positive(messageBurst, "messageBurst");
        positive(bytesPerSecond, "bytesPerSecond");
        // the token buckets count in nanoseconds: rate × 10^9 must fit in a long
        if (bytesPerSecond > MAX_RATE || byteBurst > MAX_RATE || messagesPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("bytesPerSecond, byteBurst and messagesPerSecond must not exceed " + MAX_RATE);
        }
        if (byteBurst < maxFrameBytes) {
            throw new IllegalArgumentException("byteBurst must be at least maxFrameBytes, or a largest frame could never pass");
        }
        positive(floodTolerance, "floodTolerance");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(reconnectInitial, "reconnectInitial");
        if (reconnectMax == null || reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new IllegalArgumentException("reconnectMax must be at least reconnectInitial");
        }
        positive(writeBufferLowBytes, "writeBufferLowBytes");
        if (writeBufferHighBytes < writeBufferLowBytes) {
            throw new IllegalArgumentException("writeBufferHighBytes must be at least writeBufferLowBytes");
        }
        positive(maxConnections, "maxConnections");
        positive(banThreshold, "banThreshold");
        if (banDuration == null || banDuration.isNegative()) {
            throw new IllegalArgumentException("banDuration must not be negative");
        }
        positive(ioThreads, "ioThreads");
    }

    /** Defaults for a production node: 16 MiB frames, 2,000 frames/s and 64 MiB/s per peer. */
    public static P2pOptions defaults() {
        return new P2pOptions(16 << 20, 2_000, 4_000, 64L << 20, 64L << 20, 1_000,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(30),
                1 << 20, 4 << 20, 256, 100, Duration.ofMinutes(10), 2);
    }

    public P2pOptions withMaxFrameBytes(int bytes) {
        return new P2pOptions(bytes, messagesPerSecond, messageBurst, bytesPerSecond, Math.max(byteBurst, bytes),
                floodTolerance, handshakeTimeout, idleTimeout, reconnectInitial, reconnectMax, writeBufferLowBytes,
                writeBufferHighBytes, maxConnections, banThreshold, banDuration, ioThreads);
    }

    public P2pOptions withMessageRate(int perSecond, int burst, int tolerance) {
        return new P2pOptions(maxFrameBytes, perSecond, burst, bytesPerSecond, byteBurst, tolerance,
                handshakeTimeout, idleTimeout, reconnectInitial, reconnectMax, writeBufferLowBytes,
                writeBufferHighBytes, maxConnections, banThreshold, banDuration, ioThreads);
    }

    public P2pOptions withTimeouts(Duration handshake, Duration idle) {
        return new P2pOptions(maxFrameBytes, messagesPerSecond, messageBurst, bytesPerSecond, byteBurst,
                floodTolerance, handshake, idle, reconnectInitial, reconnectMax, writeBufferLowBytes,
                writeBufferHighBytes, maxConnections, banThreshold, banDuration, ioThreads);
    }

    public P2pOptions withReconnect(Duration initial, Duration max) {
        return new P2pOptions(maxFrameBytes, messagesPerSecond, messageBurst, bytesPerSecond, byteBurst,
                floodTolerance, handshakeTimeout, idleTimeout, initial, max, writeBufferLowBytes,
                writeBufferHighBytes, maxConnections, banThreshold, banDuration, ioThreads);
    }

    public P2pOptions withBan(int threshold, Duration duration) {
        return new P2pOptions(maxFrameBytes, messagesPerSecond, messageBurst, bytesPerSecond, byteBurst,
                floodTolerance, handshakeTimeout, idleTimeout, reconnectInitial, reconnectMax, writeBufferLowBytes,
                writeBufferHighBytes, maxConnections, threshold, duration, ioThreads);
    }

    public P2pOptions withWriteBuffer(int lowBytes, int highBytes) {
        return new P2pOptions(maxFrameBytes, messagesPerSecond, messageBurst, bytesPerSecond, byteBurst,
                floodTolerance, handshakeTimeout, idleTimeout, reconnectInitial, reconnectMax, lowBytes,
                highBytes, maxConnections, banThreshold, banDuration, ioThreads);
    }

    public P2pOptions withMaxConnections(int max) {
        return new P2pOptions(maxFrameBytes, messagesPerSecond, messageBurst, bytesPerSecond, byteBurst,
                floodTolerance, handshakeTimeout, idleTimeout, reconnectInitial, reconnectMax, writeBufferLowBytes,
                writeBufferHighBytes, max, banThreshold, banDuration, ioThreads);
    }

    /** The largest payload {@link PeerNetwork#send} accepts. */
    public int maxPayloadBytes() {
        return maxFrameBytes - MESSAGE_OVERHEAD;
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
