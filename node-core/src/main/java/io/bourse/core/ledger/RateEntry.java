package io.bourse.core.ledger;

import io.bourse.core.types.PublicKey;
import java.util.Objects;

/**
 * N4: one rate source's latest rate for an outside currency (Coin units per whole outside unit) and
 * the block time it came at. The source is the registered key that signed the report.
 */
public record RateEntry(PublicKey source, long rate, long reportedAtMillis) {
    public RateEntry {
        Objects.requireNonNull(source, "source");
    }
}
