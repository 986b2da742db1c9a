package io.bourse.node.api;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.p2p.http.HttpRequest;
import java.util.Optional;

/** Parsing of path segments and query parameters; anything malformed is a 400 naming the field. */
final class Params {
    private Params() {
    }

    static Address address(String text, String field) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad address", field, e.getMessage());
        }
    }

    static Hash hash(String text, String field) {
        try {
            return Hash.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad " + field, field, "64 hex digits expected");
        }
    }

    static long height(String text, String field) {
        try {
            long h = Long.parseLong(text);
            if (h >= 0) {
                return h;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ApiError(400, "bad block height", field, "a whole number ≥ 0 or 'latest', got '" + shorten(text) + "'");
    }

    static int nonNegativeInt(HttpRequest req, String name, int dflt) {
        Optional<String> v = req.queryParam(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ApiError(400, "bad query parameter", name, "must be a whole number ≥ 0");
    }

    /** Echoed input is cut, so a huge path segment does not come back as a huge error. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
