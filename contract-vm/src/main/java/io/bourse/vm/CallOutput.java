package io.bourse.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.vm.CallResult.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.graalvm.polyglot.PolyglotException;

/**
 * Turns what a call produced into its {@link CallResult}: the prelude's answer (JSON the host
 * checks again, within the limits) or the way it ended (the meter's reason first). Every detail
 * is a fixed text or the contract's own words, never a host detail.
 */
final class CallOutput {
    static final int MAX_ACTIONS = 64;
    static final int MAX_WRITES = 256;
    static final int MAX_KEY_CHARS = 256;
    static final int MAX_VALUE_CHARS = 16 * 1024; // the ledger keeps at most 16 KiB of UTF-8 (Payloads.MAX_STORAGE_VALUE)
    static final int MAX_OUTPUT_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CallOutput() {
    }

    /** The prelude's answer: {@code {limit}}, {@code {error}}, {@code {noEntry}} or {@code {actions, writes}}. */
    static CallResult parse(String output, long used) {
        if (output.length() > MAX_OUTPUT_CHARS) {
            return failed(Failure.LIMIT_EXCEEDED, "the call's result exceeds " + MAX_OUTPUT_CHARS + " characters", used);
        }
        JsonNode root;
        try {
            root = JSON.readTree(output);
        } catch (JsonProcessingException e) {
            return failed(Failure.INTERNAL, "the call's result is not JSON", used);
        }
        if (root.has("limit")) {
            return failed(Failure.LIMIT_EXCEEDED, root.path("limit").asText(), used);
        }
        if (root.has("error")) {
            return failed(Failure.SCRIPT_ERROR, "the contract threw: " + shorten(root.path("error").asText()), used);
        }
        if (root.has("noEntry")) {
            return failed(Failure.NO_ENTRY_POINT, "the contract defines no function onNewBlock(ctx)", used);
        }
        return completed(root.path("actions"), root.path("writes"), used);
    }

    private static CallResult completed(JsonNode actions, JsonNode writes, long used) {
        if (!actions.isArray() || !writes.isArray()) {
            return failed(Failure.INTERNAL, "the call's result has no actions and writes", used);
        }
        if (actions.size() > MAX_ACTIONS) {
            return failed(Failure.LIMIT_EXCEEDED, "more than " + MAX_ACTIONS + " actions in one call", used);
        }
        if (writes.size() > MAX_WRITES) {
            return failed(Failure.LIMIT_EXCEEDED, "more than " + MAX_WRITES + " storage writes in one call", used);
        }
        List<String> taken = new ArrayList<>();
        for (JsonNode a : actions) {
            taken.add(a.toString());
        }
        SortedMap<String, String> written = new TreeMap<>();
        for (JsonNode w : writes) {
            String key = w.path(0).asText();
            String value = w.path(1).isNull() ? null : w.path(1).asText();
            if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
                return failed(Failure.LIMIT_EXCEEDED, "a storage key must have 1 to " + MAX_KEY_CHARS + " characters", used);
            }
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                return failed(Failure.LIMIT_EXCEEDED, "a storage value must have at most " + MAX_VALUE_CHARS + " characters",
                        used);
            }
            written.put(key, value);
        }
        return new CallResult.Completed(taken, written, used);
    }

    /** How a call that did not answer ended: the meter's reason first (a stopped call unwinds as an internal error). */
    static CallResult.Failed classify(PolyglotException e, Meter meter) {
        long used = meter.used();
        Meter.Stop stop = meter.stopped();
        if (stop != null) {
            return switch (stop) {
                case BUDGET -> failed(Failure.BUDGET_EXHAUSTED, "the statement budget is exhausted", used);
                case DEPTH -> failed(Failure.DEPTH_EXCEEDED, "more than " + Meter.MAX_DEPTH + " nested calls", used);
                case STACK -> failed(Failure.STACK_OVERFLOW, "the host's stack overflowed", used);
                case FOREIGN_CODE -> failed(Failure.SCRIPT_ERROR,
                        "the contract ran code that is not its own (modules and import() are not available)", used);
            };
        }
        if (e != null && e.isResourceExhausted()) {
            // a host resource ran out where no probe saw it (the parser's stack, memory): this server's limit
            return failed(Failure.STACK_OVERFLOW, "the host ran out of a resource", used);
        }
        return failed(Failure.INTERNAL, "the sandbox failed on this call", used);
    }

    static String shorten(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static CallResult.Failed failed(Failure reason, String detail, long used) {
        return new CallResult.Failed(reason, detail, used);
    }
}
