package io.bourse.storage;

import java.util.Arrays;
import java.util.Optional;

/** Byte-key helpers shared by the implementations. */
final class KeyRange {
    private KeyRange() {
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}, or empty when there is
     * none (an empty prefix, or one made only of 0xFF bytes).
     */
    static Optional<byte[]> upperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] bound = Arrays.copyOf(prefix, i + 1);
                bound[i]++;
                return Optional.of(bound);
            }
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
