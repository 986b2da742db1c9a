package io.bourse.core.types;

import io.bourse.core.codec.Hex;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 20-byte account address: the first 20 bytes of SHA-256("bourse/address" || public key), or,
 * for a contract or the Coin Contract, of a domain-tagged hash of what created it.
 *
 * <p>Text form: {@code bx} followed by 48 lower-case hex digits: the 20 address bytes then a
 * 4-byte checksum (the first 4 bytes of SHA-256 of the address bytes), so a mistyped address is
 * refused instead of sending funds nowhere.
 */
public record Address(byte[] bytes) implements Comparable<Address> {
    public static final int LENGTH = 20;
    public static final String PREFIX = "bx";
    private static final byte[] KEY_TAG = "bourse/address".getBytes(StandardCharsets.US_ASCII);

    public Address {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an address has " + LENGTH + " bytes");
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

    public static Address of(PublicKey key) {
        return new Address(Arrays.copyOf(Hash.of(KEY_TAG, key.unsafeBytes()).unsafeBytes(), LENGTH));
    }

    /** An address derived from a domain tag and some bytes (contracts, the Coin Contract). */
    public static Address derived(String tag, byte[] seed) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        return new Address(Arrays.copyOf(Hash.of(t, seed).unsafeBytes(), LENGTH));
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming what is wrong: prefix, length, hex or checksum
     */
    public static Address parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("an address starts with '" + PREFIX + "'");
        }
        String hex = text.substring(PREFIX.length());
        if (hex.length() != 2 * (LENGTH + 4)) {
            throw new IllegalArgumentException("an address has " + 2 * (LENGTH + 4) + " hex digits after '"
                    + PREFIX + "', got " + hex.length());
        }
        byte[] all = Hex.decode(hex);
        Address a = new Address(Arrays.copyOf(all, LENGTH));
        if (!Arrays.equals(Arrays.copyOfRange(all, LENGTH, LENGTH + 4), a.checksum())) {
            throw new IllegalArgumentException("address checksum does not match (a typo?)");
        }
        return a;
    }

    private byte[] checksum() {
        return Arrays.copyOf(Hash.of(bytes).unsafeBytes(), 4);
    }

    public String text() {
        return PREFIX + Hex.encode(bytes) + Hex.encode(checksum());
    }

    public void encode(Writer w) {
        w.fixed(bytes);
    }

    public static Address decode(Reader r, String what) {
        return new Address(r.fixed(LENGTH, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Address o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
