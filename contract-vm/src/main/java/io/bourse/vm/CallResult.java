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
    /**
     * @param actions       each action as canonical JSON ({@code {"type":…,"args":{…}}}), in the order taken
     * @param storageWrites key → new value, or {@code null} for a deletion; sorted by key
     */
    record Completed(List<String> actions, SortedMap<String, String> storageWrites) implements CallResult {
        public Completed {
            actions = List.copyOf(actions);
            storageWrites = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(storageWrites));
        }
    }

    record Failed(Failure reason, String detail) implements CallResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a call failed; each code is stable (receipts, metrics and the API name it). */
    enum Failure {
        /** The statement budget ran out (an endless loop, or just too much work). */
        BUDGET_EXHAUSTED("budget-exhausted"),
        /** The call stack overflowed (too deep recursion). */
        STACK_OVERFLOW("stack-overflow"),
        /** The contract threw, or its code does not parse. */
        SCRIPT_ERROR("script-error"),
        /** The contract has no function for the entry point that must exist ({@code onNewBlock}). */
        NO_ENTRY_POINT("no-entry-point"),
        /** Too many actions or writes, or a key, value or action too large. */
        LIMIT_EXCEEDED("limit-exceeded"),
        /** The sandbox itself failed; the server abstains for this contract and block. */
        INTERNAL("internal");

        private final String code;

        Failure(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
