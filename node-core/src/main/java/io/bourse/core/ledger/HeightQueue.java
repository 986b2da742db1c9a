package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.state.StateOverlay;
import java.util.ArrayList;
import java.util.List;

/**
 * Work due at a block height, without scans: entry i of height h lives under
 * {@code 0x19 | queue | h | i} and the count under {@code 0x1A | queue | h}. Entries are drained in
 * the order they were added (placement order), which is the chain's order.
 */
final class HeightQueue {
    static final int ORDERS = 0;
    static final int SERIES = 1;
    /** Contracts whose invested ratio is checked at that height (K9, {@link InvestedRatio}). */
    static final int RATIO = 2;
    /** Creations with sealed code whose approval window ends before that height (K2, {@link SealedCreations}). */
    static final int SEALED_CREATIONS = 16;

    private HeightQueue() {
    }

    static void add(StateOverlay s, int queue, long height, byte[] item) {
        long n = count(s, queue, height);
        s.put(StateKeys.heightQueue(queue, height, n), item);
        s.put(StateKeys.heightQueueCount(queue, height), StateKeys.u64(n + 1));
    }

    static long count(StateOverlay s, int queue, long height) {
        return s.get(StateKeys.heightQueueCount(queue, height)).map(b -> new Reader(b).i64("count")).orElse(0L);
    }

    /** Every item due at {@code height}, removed from the queue. */
    static List<byte[]> drain(StateOverlay s, int queue, long height) {
        long n = count(s, queue, height);
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(s.get(StateKeys.heightQueue(queue, height, i)).orElseThrow());
            s.delete(StateKeys.heightQueue(queue, height, i));
        }
        s.delete(StateKeys.heightQueueCount(queue, height));
        return out;
    }
}
