package io.bourse.consensus;

import io.bourse.consensus.Input.MessageReceived;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Messages for heights above the one being decided, kept until the engine gets there (a peer may
 * be a block ahead). Bounded: at most {@link #MAX_HEIGHTS_AHEAD} heights ahead and
 * {@link #MAX_MESSAGES} messages in all; anything past that is dropped (the sender repeats or
 * catch-up fetches the blocks).
 */
final class FutureBuffer {
    static final int MAX_HEIGHTS_AHEAD = 64;
    static final int MAX_MESSAGES = 4096;

    private final TreeMap<Long, List<MessageReceived>> byHeight = new TreeMap<>();
    private int count;

    /** Keeps {@code in} for later; false when it is too far ahead or the buffer is full. */
    boolean add(MessageReceived in, long currentHeight) {
        if (in.message().height() > currentHeight + MAX_HEIGHTS_AHEAD || count >= MAX_MESSAGES) {
            return false;
        }
        byHeight.computeIfAbsent(in.message().height(), h -> new ArrayList<>()).add(in);
        count++;
        return true;
    }

    boolean holds(long height) {
        return byHeight.containsKey(height);
    }

    /** The messages of the lowest buffered height if it is at most {@code height}, removed; else empty. */
    Optional<List<MessageReceived>> takeUpTo(long height) {
        if (byHeight.isEmpty() || byHeight.firstKey() > height) {
            return Optional.empty();
        }
        List<MessageReceived> batch = byHeight.pollFirstEntry().getValue();
        count -= batch.size();
        return Optional.of(batch);
    }
}
