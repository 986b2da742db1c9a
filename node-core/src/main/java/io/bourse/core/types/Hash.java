package io.bourse.core.types;

import io.bourse.core.codec.Hex;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** A SHA-256 digest. */
public record Hash(byte[] bytes) implements Comparable<Hash> {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    public Hash {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash has " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The digest's bytes without a copy, for callers that promise not to change them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public static Hash of(byte[] data) {
        return new Hash(sha256().digest(data));
    }

    public static Hash of(byte[]... parts) {
        MessageDigest md = sha256();
        for (byte[] p : parts) {
            md.update(p);
        }
        return new Hash(md.digest());
    }

    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A fresh SHA-256 digest (a clone of a prototype: cheaper than a provider look-up per call). */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("the JDK has no SHA-256", impossible);
            }
        }
    }

    public static Hash fromHex(String hex) {
        return new Hash(Hex.decode(hex));
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    public void encode(Writer w) {
        w.fixed(bytes);
    }

    public static Hash decode(Reader r, String what) {
        return new Hash(r.fixed(LENGTH, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
