package io.bourse.consensus.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one seeded run.
 *
 * @param failure   the first safety or liveness violation, if any
 * @param heights   the final chain height of every node (twins and observers included)
 * @param refused   messages and blocks refused, by reason code
 * @param trace     the last events before a failure (empty on success)
 */
public record SimulationResult(long seed, String scenario, Optional<String> failure, List<Long> heights,
                               long events, long viewChanges, long evidence, Map<String, Integer> refused,
                               List<String> trace) {
    public SimulationResult {
        refused = Map.copyOf(refused);
        trace = List.copyOf(trace);
        heights = List.copyOf(heights);
    }

    public boolean ok() {
        return failure.isEmpty();
    }

    public String replayCommand() {
        return "./bourse simulate --seed " + seed
                + "   (or: mvn -pl consensus test -Dtest=SimulatorTest#replaysOneSeed -Dsim.seed=" + seed + ")";
    }

    public String summary() {
        return "seed " + seed + ": " + (ok() ? "ok" : "FAILED: " + failure.get()) + " | " + scenario + " | heights "
                + heights + ", " + events + " events, " + viewChanges + " view changes, " + evidence + " evidence"
                + (refused.isEmpty() ? "" : ", refused " + new java.util.TreeMap<>(refused));
    }
}
