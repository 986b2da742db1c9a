package io.bourse.core.types;

import io.bourse.core.codec.Hex;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.util.Arrays;

/** An Ed25519 public key (32 bytes, RFC 8032 encoding). */
public record PublicKey(byte[] bytes) implements Comparable<PublicKey> {
    public static final int LENGTH = 32;

    public PublicKey {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has " + LENGTH + " bytes");
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

    public Address address() {
        return Address.of(this);
    }

    public static PublicKey fromHex(String hex) {
        return new PublicKey(Hex.decode(hex));
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    public void encode(Writer w) {
        w.fixed(bytes);
    }

    public static PublicKey decode(Reader r, String what) {
        return new PublicKey(r.fixed(LENGTH, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PublicKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
