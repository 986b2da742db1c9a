package io.bourse.consensus;

/**
 * How often a node that is behind asks its peers for blocks: at once when it reaches a new
 * height, then at most once per interval while it stays there (a flood of messages from ahead
 * must not become a flood of requests).
 */
final class SyncThrottle {
    private long lastFrom = -1;
    private long lastAt;

    /** True when a request from {@code height} should go out at {@code now}; records it. */
    boolean mayRequest(long height, long now, long intervalMillis) {
        if (lastFrom == height && now - lastAt < intervalMillis) {
            return false;
        }
        lastFrom = height;
        lastAt = now;
        return true;
    }
}
