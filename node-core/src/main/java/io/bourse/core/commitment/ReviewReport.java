package io.bourse.core.commitment;

import io.bourse.core.types.Hash;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * K2: the code-review report reference a creation with sealed sections carries, in its
 * {@code reviewReportRef} field as the one line {@code sha256:<64 hex> <url> <vendor>} (the URL
 * without spaces; the vendor's name is the rest of the line). The ledger checks the form; anyone
 * holding the report checks its SHA-256 against the reference the signers approved.
 */
public record ReviewReport(String vendor, String url, Hash sha256) {
    public static final int MAX_VENDOR = 128;

    public ReviewReport {
        Objects.requireNonNull(sha256, "sha256");
        if (vendor == null || vendor.isBlank() || vendor.length() > MAX_VENDOR || !vendor.equals(vendor.strip())
                || vendor.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("review report vendor: 1 to " + MAX_VENDOR
                    + " characters without control characters or surrounding spaces, got '" + vendor + "'");
        }
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.chars().anyMatch(
                ch -> ch <= ' ' || ch == 0x7F)) {
            throw new IllegalArgumentException("review report url: an http(s) URL without spaces, got '" + url + "'");
        }
        try {
            new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("review report url: " + e.getMessage());
        }
    }

    /** The reference as the creation carries it. */
    public String format() {
        return "sha256:" + sha256.hex() + " " + url + " " + vendor;
    }

    /** @throws IllegalArgumentException naming the part that is missing or malformed */
    public static ReviewReport parse(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new IllegalArgumentException("review report reference is missing: sealed code needs "
                    + "'sha256:<64 hex> <url> <vendor>'");
        }
        String[] parts = ref.split(" ", 3);
        if (parts.length < 3 || !parts[0].startsWith("sha256:")) {
            throw new IllegalArgumentException("review report reference '" + ref + "' is not 'sha256:<64 hex> <url> <vendor>'");
        }
        String hex = parts[0].substring("sha256:".length());
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("review report sha256: 64 lowercase hex digits expected, got '" + hex + "'");
        }
        ReviewReport r = new ReviewReport(parts[2], parts[1], Hash.fromHex(hex));
        if (!r.format().equals(ref)) {
            throw new IllegalArgumentException("review report reference '" + ref + "' is not in its canonical form");
        }
        return r;
    }
}
