package io.bourse.vm.devkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.vm.CallResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a test block expects of its call, each a clear message when it does not hold:
 * {@code outcome} ({@code completed}, {@code failed}, or a failure's code such as
 * {@code budget-exhausted}), {@code actions} (each expected object must be contained in one action
 * the call took: {@code {"type":"placeOrder","args":{"side":"buy"}}}), {@code actionCount},
 * {@code noActions}, {@code storage} (key → value after the block, {@code null}: absent),
 * {@code maxBudget} (statements) and {@code errorContains}.
 */
final class Expectations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Expectations() {
    }

    static List<String> check(JsonNode expect, CallResult r, Map<String, String> storageAfter) {
        List<String> out = new ArrayList<>();
        if (expect.isMissingNode() || expect.isNull()) {
            return out;
        }
        String outcome = switch (r) {
            case CallResult.Completed c -> "completed";
            case CallResult.Failed f -> f.reason().code();
        };
        if (expect.has("outcome")) {
            String want = expect.path("outcome").asText();
            boolean ok = want.equals(outcome) || (want.equals("failed") && r instanceof CallResult.Failed);
            if (!ok) {
                out.add("expected outcome " + want + ", got " + outcome
                        + (r instanceof CallResult.Failed f ? " (" + f.detail() + ")" : ""));
            }
        }
        if (expect.has("errorContains")) {
            String want = expect.path("errorContains").asText();
            if (!(r instanceof CallResult.Failed f) || !f.detail().contains(want)) {
                out.add("expected an error containing \"" + want + "\", got " + outcome);
            }
        }
        if (expect.has("maxBudget") && r.budgetUsed() > expect.path("maxBudget").asLong()) {
            out.add("used " + r.budgetUsed() + " statements, more than maxBudget " + expect.path("maxBudget").asLong());
        }
        List<JsonNode> actions = new ArrayList<>();
        if (r instanceof CallResult.Completed c) {
            for (String a : c.actions()) {
                actions.add(parse(a));
            }
        }
        if (expect.path("noActions").asBoolean(false) && !actions.isEmpty()) {
            out.add("expected no action, got " + actions);
        }
        if (expect.has("actionCount") && actions.size() != expect.path("actionCount").asInt()) {
            out.add("expected " + expect.path("actionCount").asInt() + " actions, got " + actions.size() + ": " + actions);
        }
        for (JsonNode want : expect.path("actions")) {
            if (actions.stream().noneMatch(a -> contains(a, want))) {
                out.add("expected an action like " + want + ", got " + (actions.isEmpty() ? "none" : actions));
            }
        }
        expect.path("storage").properties().forEach(e -> {
            String want = e.getValue().isNull() ? null : e.getValue().asText();
            String got = storageAfter.get(e.getKey());
            if (want == null ? got != null : !want.equals(got)) {
                out.add("expected storage " + e.getKey() + " = " + (want == null ? "(absent)" : "\"" + want + "\"")
                        + ", got " + (got == null ? "(absent)" : "\"" + got + "\""));
            }
        });
        return out;
    }

    /** Whether {@code actual} has every field of {@code want} (objects recursively, other values equal as text). */
    static boolean contains(JsonNode actual, JsonNode want) {
        if (want.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : want.properties()) {
                if (!actual.has(e.getKey()) || !contains(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!actual.isArray() || actual.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(actual.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.asText().equals(actual.asText());
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
