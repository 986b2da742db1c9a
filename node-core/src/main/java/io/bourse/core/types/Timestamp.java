package io.bourse.core.types;

/**
 * Milliseconds since the Unix epoch, as carried by a block header. State transitions read time
 * only from here, never from a clock.
 */
public record Timestamp(long millis) implements Comparable<Timestamp> {
    public Timestamp {
        if (millis < 0) {
            throw new IllegalArgumentException("a timestamp is not negative, got " + millis);
        }
    }

    public static Timestamp ofMillis(long millis) {
        return new Timestamp(millis);
    }

    public Timestamp plusMillis(long d) {
        return new Timestamp(Math.addExact(millis, d));
    }

    @Override
    public int compareTo(Timestamp o) {
        return Long.compare(millis, o.millis);
    }

    @Override
    public String toString() {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }
}
