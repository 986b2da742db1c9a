package io.bourse.core.ledger;

import java.util.Optional;

/** A value or the rule that refused it. */
record Result<T>(T value, Rejection rejection) {
    static <T> Result<T> ok(T value) {
        return new Result<>(value, null);
    }

    static <T> Result<T> fail(Rejection r) {
        return new Result<>(null, r);
    }

    boolean failed() {
        return rejection != null;
    }

    Optional<Rejection> error() {
        return Optional.ofNullable(rejection);
    }
}
