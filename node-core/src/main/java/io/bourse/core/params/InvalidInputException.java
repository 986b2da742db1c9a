package io.bourse.core.params;

/**
 * Refused input with the name of the field at fault and the reason, so a CLI or API answer can
 * say exactly what to fix: {@code {"error": ..., "field": ..., "reason": ...}}.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
