package io.bourse.core.codec;

import java.util.HexFormat;

/** Lower-case hexadecimal, strict on input. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** @throws IllegalArgumentException naming the problem when {@code s} is not even-length hex */
    public static byte[] decode(String s) {
        if (s == null) {
            throw new IllegalArgumentException("hex string is missing");
        }
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string has an odd length " + s.length());
        }
        try {
            return HEX.parseHex(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex string");
        }
    }
}
