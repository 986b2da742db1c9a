package io.bourse.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.codec.Hex;

/**
 * Pinned encodings. A golden test builds a record from fixed inputs and compares its bytes with a
 * constant taken from the encoding as it was; any change to a single byte of a format (a reordered
 * enum constant, a field written in another order) fails it, since such a change forks the chain.
 * A deliberate format change comes with a new version byte and new constants, never an edit of
 * the old ones.
 */
public final class Golden {
    private Golden() {
    }

    /** The hex of {@code actual} equals {@code pinned}. */
    public static void assertHex(String what, byte[] actual, String pinned) {
        assertThat(Hex.encode(actual))
                .as("%s: its canonical bytes changed, which forks the chain (docs/encoding.md)", what)
                .isEqualTo(pinned);
    }
}
