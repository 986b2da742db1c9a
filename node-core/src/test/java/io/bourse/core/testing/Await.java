package io.bourse.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: how tests wait, never with a fixed sleep. */
public final class Await {
    private Await() {
    }

    /** @throws AssertionError naming {@code what} when {@code done} does not hold within {@code limit} */
    public static void until(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50); // polling interval; the loop checks the condition
        }
    }
}
