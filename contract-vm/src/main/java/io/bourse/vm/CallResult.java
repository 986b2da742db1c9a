package io.bourse.vm;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one contract call decided. A call either completes — its actions and storage writes, to be
 * agreed by the execution servers and checked by the ledger — or fails whole: a failed call leaves
 * no action and no write, and says why with a fixed, server-independent message.
 */
public sealed interface CallResult {
    /** Statements the call executed (deterministic: the same on every server), whether it completed or failed. */
    long budgetUsed();

    /**
     * @param actions       each action as canonical JSON ({@code {"type":…,"args":{…}}}), in the order taken
     * @param storageWrites key → new value, or {@code null} for a deletion; sorted by key
     * @param budgetUsed    statements executed
     */
    record Completed(List<String> actions, SortedMap<String, String> storageWrites, long budgetUsed)
            implements CallResult {
        public Completed {
            actions = List.copyOf(actions);
            storageWrites = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(storageWrites));
        }
    }

    record Failed(Failure reason, String detail, long budgetUsed) implements CallResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * True when the failure is the server's, not the contract's (a watchdog, a lost worker, the
         * sandbox itself): the server abstains for that contract and block instead of reporting a
         * result another server might not share.
         */
        public boolean abstains() {
            return reason.abstains;
        }
    }

    /** Why a call failed; each code is stable (receipts, metrics and the API name it). */
    enum Failure {
        /** The statement budget ran out (an endless loop, or just too much work). */
        BUDGET_EXHAUSTED("budget-exhausted"),
        /** More than {@code Meter.MAX_DEPTH} (256) nested frames: counted, so the same on every server. */
        DEPTH_EXCEEDED("depth-exceeded"),
        /**
         * The host's (JVM's) stack overflowed under the call — nesting the frame count does not see,
         * inside a builtin or the parser. Where that happens depends on the server's stack size and
         * JIT, so the server abstains rather than answer with what its own stack allowed.
         */
        STACK_OVERFLOW("stack-overflow", true),
        /** The contract threw, or its code does not parse. */
        SCRIPT_ERROR("script-error"),
        /** The contract has no function for the entry point that must exist ({@code onNewBlock}). */
        NO_ENTRY_POINT("no-entry-point"),
        /** Too many actions or writes, or a key, value or action too large. */
        LIMIT_EXCEEDED("limit-exceeded"),
        /** The sandbox itself failed; the server abstains for this contract and block. */
        INTERNAL("internal", true),
        /** The wall-clock watchdog ended the call (a backstop: the budget should end it first); abstain. */
        TIMED_OUT("timed-out", true),
        /** The worker process running the call died (memory, crash); abstain. */
        WORKER_LOST("worker-lost", true);

        private final String code;
        private final boolean abstains;

        Failure(String code) {
            this(code, false);
        }

        Failure(String code, boolean abstains) {
            this.code = code;
            this.abstains = abstains;
        }

        public String code() {
            return code;
        }
    }
}
