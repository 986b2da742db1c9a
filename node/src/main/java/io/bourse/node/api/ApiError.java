package io.bourse.node.api;

/**
 * An answer the API gives instead of a result: thrown by a route's handler, turned by {@link Api}
 * into {@code {"error": message, "field": field, "reason": reason}} with {@code status}.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String field;
    final String reason;

    ApiError(int status, String error, String field, String reason) {
        super(error, null, false, false);
        this.status = status;
        this.field = field;
        this.reason = reason;
    }
}
