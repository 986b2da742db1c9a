package io.bourse.core.ledger;

import java.util.Objects;

/** N4: one source's latest rate for an outside currency (Coin units per whole outside unit) and when it came. */
public record RateEntry(String source, long rate, long reportedAtMillis) {
    public RateEntry {
        Objects.requireNonNull(source, "source");
    }
}
