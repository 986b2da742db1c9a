package io.bourse.core.ledger;

import java.util.Objects;

/**
 * A rule that refused an effect: the failure of a {@link Result}, which the block executor turns
 * into a rejected {@link Receipt} with this reason and message.
 */
public record Rejection(RejectReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    Rejection prefixed(String prefix) {
        return new Rejection(reason, prefix + message);
    }
}
