package io.bourse.core.ledger;

import io.bourse.core.types.Hash;
import java.util.Objects;

/** A rule that refused an effect: becomes a rejected {@link Receipt}. */
public record Rejection(RejectReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public Receipt receipt(Hash commitmentId) {
        return Receipt.rejected(commitmentId, reason, message);
    }

    Rejection prefixed(String prefix) {
        return new Rejection(reason, prefix + message);
    }
}
