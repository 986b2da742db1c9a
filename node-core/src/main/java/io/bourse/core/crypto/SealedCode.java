package io.bourse.core.crypto;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * K2: the sealed sections of a contract's code, as a creation carries them in its
 * {@code encryptedCode} field (docs/encoding.md, "Sealed code"). Canonical and versioned:
 *
 * <pre>
 *   u8 version (1) | u32 sections | ephemeral X25519 public key (32) | nonce (12)
 *   | bytes ciphertext (AES-256-GCM, 16-byte tag at the end)
 *   | list of wraps, sorted by recipient, no recipient twice: recipient Ed25519 key (32) | wrapped data key (48)
 * </pre>
 *
 * The ciphertext and the nonce never change once sealed; the ephemeral key and the wraps change
 * when the data key is wrapped again to another set of execution servers ({@link CodeSealing#rewrap}).
 * {@link #contentHash()} covers what never changes: it is what the signers approve and audit.
 */
public record SealedCode(int sections, byte[] ephemeral, byte[] nonce, byte[] ciphertext, List<Wrap> wraps) {
    public static final int VERSION = 1;
    public static final int NONCE = 12;
    public static final int TAG = 16;
    public static final int KEY = 32;
    public static final int MAX_SECTIONS = 64;
    public static final int MAX_WRAPS = 256;
    private static final byte[] CONTENT_DOMAIN = "bourse/sealed-content/v1\0".getBytes(StandardCharsets.US_ASCII);

    /** The data key wrapped to one execution server. */
    public record Wrap(PublicKey recipient, byte[] wrapped) {
        public Wrap {
            Objects.requireNonNull(recipient, "recipient");
            if (wrapped == null || wrapped.length != KEY + TAG) {
                throw new IllegalArgumentException("a wrapped data key has " + (KEY + TAG) + " bytes");
            }
            wrapped = wrapped.clone();
        }

        @Override
        public byte[] wrapped() {
            return wrapped.clone();
        }
    }

    public SealedCode {
        if (sections < 1 || sections > MAX_SECTIONS) {
            throw new IllegalArgumentException("sections must be 1 to " + MAX_SECTIONS + ", got " + sections);
        }
        if (ephemeral == null || ephemeral.length != KEY) {
            throw new IllegalArgumentException("the ephemeral X25519 key has " + KEY + " bytes");
        }
        if (nonce == null || nonce.length != NONCE) {
            throw new IllegalArgumentException("the nonce has " + NONCE + " bytes");
        }
        if (ciphertext == null || ciphertext.length < TAG) {
            throw new IllegalArgumentException("the ciphertext is shorter than its " + TAG + "-byte tag");
        }
        wraps = List.copyOf(wraps);
        if (wraps.isEmpty() || wraps.size() > MAX_WRAPS) {
            throw new IllegalArgumentException("a sealed code needs 1 to " + MAX_WRAPS + " wraps, got " + wraps.size());
        }
        for (int i = 1; i < wraps.size(); i++) {
            if (wraps.get(i - 1).recipient().compareTo(wraps.get(i).recipient()) >= 0) {
                throw new IllegalArgumentException("wraps must be sorted by recipient, each recipient once");
            }
        }
        ephemeral = ephemeral.clone();
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /** Wraps sorted by recipient: the canonical order. */
    static List<Wrap> sorted(List<Wrap> wraps) {
        List<Wrap> out = new ArrayList<>(wraps);
        out.sort(Comparator.comparing(Wrap::recipient));
        return out;
    }

    @Override
    public byte[] ephemeral() {
        return ephemeral.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public List<PublicKey> recipients() {
        return wraps.stream().map(Wrap::recipient).toList();
    }

    /** SHA-256("bourse/sealed-content/v1" 0x00 ‖ u32 sections ‖ nonce ‖ ciphertext): what a rewrap keeps. */
    public Hash contentHash() {
        return Hash.of(CONTENT_DOMAIN, new Writer().u32(sections).toByteArray(), nonce, ciphertext);
    }

    public byte[] toBytes() {
        Writer w = new Writer(64 + ciphertext.length + wraps.size() * 80);
        w.u8(VERSION).u32(sections).fixed(ephemeral).fixed(nonce).bytes(ciphertext);
        w.list(wraps, (ww, x) -> {
            x.recipient().encode(ww);
            ww.fixed(x.wrapped);
        });
        return w.toByteArray();
    }

    /** @throws CodecException naming the field and the reason, for bytes that are not a version-1 sealed code */
    public static SealedCode fromBytes(byte[] bytes, int maxCiphertext) {
        return Reader.decodeAll(bytes, "sealed code", r -> {
            int version = r.u8("sealed code version");
            if (version != VERSION) {
                throw new CodecException("sealed code version " + version + " is unknown (this node reads " + VERSION + ")");
            }
            long sections = r.u32("sections");
            if (sections < 1 || sections > MAX_SECTIONS) {
                throw new CodecException("sections: " + sections + " is not within 1.." + MAX_SECTIONS);
            }
            byte[] eph = r.fixed(KEY, "ephemeral key");
            byte[] nonce = r.fixed(NONCE, "nonce");
            byte[] ct = r.bytes(maxCiphertext, "ciphertext");
            List<Wrap> wraps = r.list(MAX_WRAPS, "wraps",
                    rr -> new Wrap(PublicKey.decode(rr, "wrap recipient"), rr.fixed(KEY + TAG, "wrapped key")));
            r.end("sealed code");
            return new SealedCode((int) sections, eph, nonce, ct, wraps);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedCode s && Arrays.equals(toBytes(), s.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "SealedCode[" + sections + " sections, " + ciphertext.length + " bytes, content " + contentHash()
                + ", recipients " + recipients().stream().map(PublicKey::hex).toList() + "]";
    }
}
