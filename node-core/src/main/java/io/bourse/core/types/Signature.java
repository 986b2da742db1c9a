package io.bourse.core.types;

import io.bourse.core.codec.Hex;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.util.Arrays;

/** An Ed25519 signature (64 bytes). */
public record Signature(byte[] bytes) {
    public static final int LENGTH = 64;

    public Signature {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature has " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public byte[] unsafeBytes() {
        return bytes;
    }

    public static Signature fromHex(String hex) {
        return new Signature(Hex.decode(hex));
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    public void encode(Writer w) {
        w.fixed(bytes);
    }

    public static Signature decode(Reader r, String what) {
        return new Signature(r.fixed(LENGTH, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
