package io.bourse.node.api;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.p2p.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * Parsing of path segments, query parameters and headers exactly as docs/api.yaml documents them;
 * anything else is a 400 naming the field, before anything is read or changed.
 *
 * <ul>
 *   <li>A whole number is 1 to {@value #MAX_DIGITS} ASCII digits {@code 0-9} and at most its type's
 *       maximum: no sign, no spaces, no other script's digits ({@link Long#parseLong} alone would
 *       take {@code +5}, {@code ١٢} and full-width digits).
 *   <li>Hex (ids, hashes, the digits of an address) is lower case {@code 0-9a-f} only, the form the
 *       API itself writes. node-core's {@code Hex.decode} stays lenient for its other callers.
 *   <li>A query parameter given twice is refused rather than one of its values silently used.
 * </ul>
 */
final class Params {
    /** {@link Long#MAX_VALUE} has 19 digits: longer input can only be too large (or zero-padded). */
    static final int MAX_DIGITS = 19;

    private Params() {
    }

    static Address address(String text, String field) {
        if (text.startsWith(Address.PREFIX) && !isLowerHex(text.substring(Address.PREFIX.length()))) {
            throw new ApiError(400, "bad address", field, "'" + Address.PREFIX
                    + "' then lower-case hex digits 0-9a-f expected, got '" + shorten(text) + "'");
        }
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad address", field, e.getMessage());
        }
    }

    static Hash hash(String text, String field) {
        if (text.length() != 2 * Hash.LENGTH || !isLowerHex(text)) {
            throw new ApiError(400, "bad " + field, field, 2 * Hash.LENGTH + " lower-case hex digits 0-9a-f expected, got '"
                    + shorten(text) + "'");
        }
        return Hash.fromHex(text);
    }

    /** True when every character is {@code 0-9} or {@code a-f} (the empty string included). */
    static boolean isLowerHex(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** A block height in a path segment, query parameter or header. */
    static long height(String text, String field) {
        return whole(text, Long.MAX_VALUE, "bad block height", field, "a block height");
    }

    /** A query parameter that is a whole number ≥ 0 fitting an int, or {@code dflt} when absent. */
    static int nonNegativeInt(HttpRequest req, String name, int dflt) {
        return query(req, name).map(v -> (int) whole(v, Integer.MAX_VALUE, "bad query parameter", name,
                "a whole number ≥ 0")).orElse(dflt);
    }

    /**
     * A whole number of 1 to {@value #MAX_DIGITS} ASCII digits, at most {@code max}; else a 400 with
     * {@code error}, naming {@code field}, whose reason starts with {@code what}.
     */
    static long whole(String text, long max, String error, String field, String what) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ApiError(400, error, field, what + ": ASCII digits 0-9 only, no sign, at most " + MAX_DIGITS
                    + ", got '" + shorten(text) + "'");
        }
        long v = Long.parseUnsignedLong(text); // 19 decimal digits always fit 64 unsigned bits
        if (Long.compareUnsigned(v, max) > 0) {
            throw new ApiError(400, error, field, what + " of at most " + max + ", got '" + shorten(text) + "'");
        }
        return v;
    }

    /** A query parameter's only value; given more than once it is a 400 (which value would count?). */
    static Optional<String> query(HttpRequest req, String name) {
        List<String> values = req.query().get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new ApiError(400, "repeated query parameter", name, "give it once, got it " + values.size() + " times");
        }
        return Optional.of(values.getFirst());
    }

    /** Echoed input is cut, so a huge path segment does not come back as a huge error. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
