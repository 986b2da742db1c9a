package io.bourse.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * C8: the equivocations this node has seen, one per (offender, height, round, message kind),
 * at most {@link #MAX_ENTRIES} (a flood of forged pairs cannot grow it without bound; every entry
 * is signed by its offender, so it cannot be forged against an honest signer).
 */
final class EvidenceLog {
    static final int MAX_ENTRIES = 1000;

    private final List<Evidence> entries = new ArrayList<>();

    /** True when {@code e} is new and was kept. */
    boolean add(Evidence e) {
        if (entries.size() >= MAX_ENTRIES) {
            return false;
        }
        boolean known = entries.stream().anyMatch(x -> x.offender().equals(e.offender()) && x.height() == e.height()
                && x.round() == e.round() && x.first().getClass() == e.first().getClass());
        if (known) {
            return false;
        }
        entries.add(e);
        return true;
    }

    List<Evidence> all() {
        return List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }
}
