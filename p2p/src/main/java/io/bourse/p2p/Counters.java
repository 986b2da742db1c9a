package io.bourse.p2p;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The peer network's monotonic counters, updated from any thread. */
final class Counters {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder droppedNotWritable = new LongAdder();
    final LongAdder droppedNotConnected = new LongAdder();
    final LongAdder framesThrottled = new LongAdder();
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);

    Counters() {
        for (DisconnectReason r : DisconnectReason.values()) {
            disconnects.put(r, new LongAdder());
        }
    }

    void disconnect(DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    P2pMetrics snapshot() {
        Map<DisconnectReason, Long> byReason = new EnumMap<>(DisconnectReason.class);
        disconnects.forEach((r, n) -> byReason.put(r, n.sum()));
        return new P2pMetrics(bytesIn.sum(), bytesOut.sum(), messagesIn.sum(), messagesOut.sum(),
                droppedNotWritable.sum(), droppedNotConnected.sum(), framesThrottled.sum(), byReason);
    }
}
