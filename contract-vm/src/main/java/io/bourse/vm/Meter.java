package io.bourse.vm;

/**
 * What the metering instrument ({@link MeterInstrument}) counts for the call in progress in one
 * engine: statements executed, the depth of contract and prelude frames, and whether the call
 * must stop. One engine runs one call at a time ({@link ContractSandbox} serialises them), so the
 * fields are plain: they are read and written on the calling thread only.
 *
 * <p>Every count is a function of the code and its inputs alone — the same on every server, JIT
 * or interpreter, whatever {@code -Xss} — because it is taken at the guest language's own
 * statements and function entries (the Truffle tags {@code StatementTag} and {@code RootTag}),
 * the same points {@code ResourceLimits.statementLimit} counts, which this replaces. Only the
 * host stack overflowing is not deterministic, and that makes the server abstain.
 */
final class Meter {
    /** Frames of contract and prelude code one call may nest (the prelude's run and the code's top level take two). */
    static final int MAX_DEPTH = 256;

    /** Why the instrument stopped a call. */
    enum Stop {
        /** More statements than the call's budget. */
        BUDGET,
        /** More than {@link #MAX_DEPTH} nested frames. */
        DEPTH,
        /** The host's (JVM's) stack overflowed: where that happens depends on the server. */
        STACK,
        /** Code that is neither the contract's nor the prelude's ran (e.g. a module brought in by import()). */
        FOREIGN_CODE
    }

    // read and written by the instrument's nodes on every statement and frame
    long count;
    /** Statements allowed; -1 once stopped, so that every later statement or frame stops again. */
    long limit = Long.MAX_VALUE;
    int depth;

    private long budget = Long.MAX_VALUE;
    private Stop stop;
    private long usedAtStop;

    /** Starts a call: nothing counted yet, {@code budget} statements allowed. */
    void begin(long budget) {
        this.budget = budget;
        limit = budget;
        count = 0;
        depth = 0;
        stop = null;
        usedAtStop = 0;
    }

    /** Between calls (loading a contract): no budget; depth and stack are still watched. */
    void idle() {
        begin(Long.MAX_VALUE);
    }

    /** Statements the call executed; the budget itself when the budget stopped it. */
    long used() {
        return stop == null ? count : usedAtStop;
    }

    /** Why the call was stopped, or null. */
    Stop stopped() {
        return stop;
    }

    /**
     * Records the first reason the call stops and answers the exception that unwinds it. That
     * exception is neither a Truffle exception nor a {@link StackOverflowError}, so no JavaScript
     * {@code catch} or {@code finally} runs on its way out; and should anything run anyway, its
     * next statement stops again ({@link #limit} is -1).
     */
    RuntimeException stop(Stop why) {
        if (stop == null) {
            stop = why;
            usedAtStop = why == Stop.BUDGET ? budget : Math.min(count, budget);
        }
        limit = -1;
        return new Stopped();
    }

    /** The host's stack overflowed under this call: the next statement or frame stops it. */
    void stackOverflowed() {
        if (stop == null) {
            stop = Stop.STACK;
            usedAtStop = Math.min(count, budget);
        }
        limit = -1;
    }

    /**
     * True for a host stack overflow, raw or already turned into a JavaScript {@code RangeError}
     * by the engine. GraalJS turns one into a RangeError that keeps it as its cause, except in
     * JSON.parse and JSON.stringify, which drop the cause: those are recognised by their fixed
     * messages (the prelude routes both through its own code so that the error passes a probe).
     * An engine error with one of these messages that is deterministic (JSON nested beyond the
     * engine's own fixed limits) is treated the same: the server abstains, it never diverges.
     */
    static boolean isStackOverflow(Throwable t) {
        for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
            if (t.getClass().getName().equals(ENGINE_ERROR)) {
                String m = t.getMessage();
                if (m != null && (m.contains("Maximum call stack size exceeded") || m.contains("nested that deep"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The class of the errors GraalJS itself raises (a contract's {@code throw} is another class). */
    private static final String ENGINE_ERROR = "com.oracle.truffle.js.runtime.JSException";

    /** Unwinds a stopped call; carries nothing (the reason is in the meter). */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the call was stopped", null, false, false);
        }
    }
}
