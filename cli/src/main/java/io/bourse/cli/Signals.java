package io.bourse.cli;

/**
 * Ctrl-C stops a node or the devnet cleanly even when the process was started in the background,
 * where the shell sets SIGINT to "ignore" and the JVM would otherwise leave it so.
 */
final class Signals {
    private Signals() {
    }

    @SuppressWarnings("removal")
    static void stopOnInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> System.exit(130));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the platform has no SIGINT: nothing to do
        }
    }
}
