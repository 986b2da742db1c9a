package io.bourse.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: how every test in the project waits,
 * never with a fixed sleep.
 */
public final class Await {
    private static final long POLL_NANOS = 20_000_000;

    private Await() {
    }

    /** @throws AssertionError naming {@code what} when {@code done} does not hold within {@code limit} */
    public static void until(String what, Duration limit, BooleanSupplier done) {
        until(() -> what, limit, done);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, describing the wait only if it times out. */
    public static void until(Supplier<String> what, Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS); // the polling interval
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }
}
