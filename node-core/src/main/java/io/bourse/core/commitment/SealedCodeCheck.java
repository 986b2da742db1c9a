package io.bourse.core.commitment;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import java.util.Objects;

/**
 * K2: an execution server's attestation that the sealed code of a pending creation opens with its
 * own key (its wrap opens, the body authenticates, the sections decode and join the public code),
 * or that it does not, and why. The signers cannot open sealed code; these checks are how a tampered
 * section is refused before it becomes a contract nobody can run. {@code reason} is empty when the
 * code opens, else 1 to {@value Payloads#MAX_TEXT} characters of why not (never a word of the code).
 *
 * <pre>  creationId (32) | bool opens | string reason </pre>
 */
public record SealedCodeCheck(Hash creationId, boolean opens, String reason) implements Payload {
    public SealedCodeCheck {
        Objects.requireNonNull(creationId, "creationId");
        Objects.requireNonNull(reason, "reason");
        if (opens && !reason.isEmpty()) {
            throw new IllegalArgumentException("reason must be empty when opens is true");
        }
        if (!opens && (reason.isBlank() || reason.length() > Payloads.MAX_TEXT)) {
            throw new IllegalArgumentException("reason must be 1 to " + Payloads.MAX_TEXT
                    + " characters (not blank) when opens is false");
        }
    }

    /** The sealed code opens for the sending server. */
    public static SealedCodeCheck opened(Hash creationId) {
        return new SealedCodeCheck(creationId, true, "");
    }

    /** It does not, for {@code reason} (cut to {@value Payloads#MAX_TEXT} characters). */
    public static SealedCodeCheck failed(Hash creationId, String reason) {
        String why = reason == null || reason.isBlank() ? "the sealed code does not open" : reason.strip();
        return new SealedCodeCheck(creationId, false, why.length() > Payloads.MAX_TEXT
                ? why.substring(0, Payloads.MAX_TEXT - 1) + "…" : why);
    }

    @Override
    public PayloadKind kind() {
        return PayloadKind.SEALED_CODE_CHECK;
    }

    @Override
    public void encodeFields(Writer w) {
        creationId.encode(w);
        w.bool(opens).string(reason);
    }

    static SealedCodeCheck decodeFields(Reader r) {
        return new SealedCodeCheck(Hash.decode(r, "creationId"), r.bool("opens"),
                r.string(Payloads.MAX_TEXT * 4, "reason"));
    }
}
