package io.bourse.p2p;

import java.util.Map;

/**
 * A snapshot of the peer network's counters, all monotonic since start: bytes and messages at the
 * socket and channel level, sends dropped because the peer was not writable (back-pressure) or not
 * connected, inbound frames dropped by the rate limiter, and connections ended by reason.
 */
public record P2pMetrics(long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                         long sendsDroppedNotWritable, long sendsDroppedNotConnected, long framesThrottled,
                         Map<DisconnectReason, Long> disconnects) {
    public P2pMetrics {
        disconnects = Map.copyOf(disconnects);
    }

    public long disconnects(DisconnectReason reason) {
        return disconnects.getOrDefault(reason, 0L);
    }
}
