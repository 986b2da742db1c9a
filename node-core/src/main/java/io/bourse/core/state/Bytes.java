package io.bourse.core.state;

import io.bourse.core.codec.Hex;
import java.util.Arrays;

/** An immutable byte string ordered unsigned-lexicographically: the key type of the state. */
public record Bytes(byte[] value) implements Comparable<Bytes> {
    public Bytes {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public byte[] unsafeValue() {
        return value;
    }

    public static Bytes of(byte[] value) {
        return new Bytes(value);
    }

    public boolean startsWith(byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Hex.encode(value);
    }
}
