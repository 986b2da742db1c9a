package io.bourse.core.crypto;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.PublicKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * K2: hybrid encryption of sealed code sections to the execution servers (docs/encoding.md,
 * "Sealed code"). A fresh 32-byte data key seals the sections with AES-256-GCM; the data key is
 * wrapped to each execution server with X25519 (an ephemeral key per envelope against the
 * server's X25519 key, derived from its Ed25519 node key), HKDF-SHA256 and AES-256-GCM.
 *
 * <pre>
 *   body      = AES-256-GCM(dataKey, nonce, plaintext = list of section strings,
 *                           aad = "bourse/sealed-code/v1" 0x00 ‖ u32 sections ‖ context)
 *   wrapKey_i = HKDF-SHA256(ikm  = X25519(ephemeral secret, X25519 key of server i),
 *                           salt = "bourse/code-wrap/v1",
 *                           info = ephemeral public ‖ Ed25519 key of server i ‖ contentHash)
 *   wrap_i    = AES-256-GCM(wrapKey_i, nonce = 12 zero bytes (each wrapKey is used once), dataKey)
 * </pre>
 *
 * The {@code context} is what the caller binds the sections to (the ledger: the public code and
 * the review report reference); a section moved to another creation does not open.
 *
 * <p>Key choice: a server's X25519 key is its Ed25519 node key mapped to Montgomery form
 * (u = (1 + y) / (1 − y) mod 2^255 − 19; secret scalar = first half of SHA-512(seed), as Ed25519
 * itself derives it), so the parameters that already name the execution servers name their
 * encryption keys too, and no second key needs distributing or rotating.
 *
 * <p>The data key and the clear text exist only in the memory of the sealing client and of the
 * execution server that opens them; nothing here logs, and no exception message quotes them.
 */
public final class CodeSealing {
    private static final byte[] BODY_DOMAIN = "bourse/sealed-code/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP_SALT = "bourse/code-wrap/v1".getBytes(StandardCharsets.US_ASCII);
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final int MAX_PLAINTEXT = 4 << 20;

    private CodeSealing() {
    }

    /** A sealed code could not be opened: the reason, never the key or the text. */
    public static final class SealingException extends RuntimeException {
        public SealingException(String message) {
            super(message);
        }
    }

    /** Seals {@code sections} (1 to 64 strings) under a fresh data key wrapped to every one of {@code recipients}. */
    public static SealedCode seal(List<String> sections, List<PublicKey> recipients, byte[] context, SecureRandom random) {
        if (sections.isEmpty() || sections.size() > SealedCode.MAX_SECTIONS) {
            throw new IllegalArgumentException("sections must be 1 to " + SealedCode.MAX_SECTIONS);
        }
        byte[] dataKey = new byte[SealedCode.KEY];
        byte[] nonce = new byte[SealedCode.NONCE];
        random.nextBytes(dataKey);
        random.nextBytes(nonce);
        try {
            byte[] plain = new Writer().list(sections, Writer::string).toByteArray();
            byte[] ct = gcm(true, dataKey, nonce, bodyAad(sections.size(), context), plain);
            SealedCode unwrapped = new SealedCode(sections.size(), new byte[SealedCode.KEY], nonce, ct,
                    List.of(new SealedCode.Wrap(recipients.isEmpty() ? new PublicKey(new byte[32]) : recipients.get(0),
                            new byte[SealedCode.KEY + SealedCode.TAG])));
            return wrapAll(unwrapped, dataKey, recipients, random);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM refused to encrypt", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The sections, opened with {@code key}'s wrap. */
    public static List<String> open(KeyPair key, SealedCode sealed, byte[] context) {
        byte[] dataKey = dataKey(key, sealed);
        try {
            byte[] plain = gcm(false, dataKey, sealed.nonce(), bodyAad(sealed.sections(), context), sealed.ciphertext());
            List<String> sections;
            try {
                sections = Reader.decodeAll(plain, "sealed sections",
                        r -> r.list(SealedCode.MAX_SECTIONS, "sections", rr -> rr.string(MAX_PLAINTEXT, "section")));
            } catch (CodecException e) {
                throw new SealingException("the sealed sections do not decode: " + e.getMessage());
            }
            if (sections.size() != sealed.sections()) {
                throw new SealingException("the sealed code declares " + sealed.sections() + " sections but holds "
                        + sections.size());
            }
            return sections;
        } catch (InvalidCipherTextException e) {
            throw new SealingException("the sealed sections do not authenticate (AES-GCM tag): tampered, or sealed "
                    + "for another public code or review report");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The same sealed content with its data key wrapped anew (fresh ephemeral key) to {@code recipients}:
     * what an execution server holding a wrap does when the execution-server set changes.
     */
    public static SealedCode rewrap(KeyPair key, SealedCode sealed, List<PublicKey> recipients, SecureRandom random) {
        byte[] dataKey = dataKey(key, sealed);
        try {
            return wrapAll(sealed, dataKey, recipients, random);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The X25519 public key (Montgomery u) of an Ed25519 public key; refuses the points with no image. */
    public static byte[] x25519PublicOf(PublicKey ed) {
        byte[] le = ed.bytes();
        le[31] &= 0x7F; // the sign of x
        BigInteger y = new BigInteger(1, reverse(le));
        if (y.compareTo(P) >= 0 || y.equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("Ed25519 key " + ed.hex() + " has no X25519 image");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        byte[] be = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    /** The X25519 secret scalar of an Ed25519 key: the first half of SHA-512(seed) (X25519 clamps it). */
    static byte[] x25519SecretOf(KeyPair key) {
        byte[] seed = key.seed();
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static SealedCode wrapAll(SealedCode content, byte[] dataKey, List<PublicKey> recipients, SecureRandom random) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("sealed code needs at least one execution server to wrap its key to");
        }
        if (recipients.stream().distinct().count() != recipients.size()) {
            throw new IllegalArgumentException("a recipient is named twice");
        }
        byte[] ephSecret = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, ephSecret);
        byte[] ephPublic = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(ephSecret, 0, ephPublic, 0);
        List<SealedCode.Wrap> wraps = new ArrayList<>();
        try {
            for (PublicKey r : recipients) {
                byte[] shared = new byte[X25519.POINT_SIZE];
                if (!X25519.calculateAgreement(ephSecret, 0, x25519PublicOf(r), 0, shared, 0)) {
                    throw new IllegalArgumentException("key " + r.hex() + " is a low-order point: no key can be wrapped to it");
                }
                byte[] wk = wrapKey(shared, ephPublic, r, content);
                wraps.add(new SealedCode.Wrap(r, gcm(true, wk, new byte[SealedCode.NONCE], new byte[0], dataKey)));
                Arrays.fill(wk, (byte) 0);
            }
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM refused to encrypt", e);
        } finally {
            Arrays.fill(ephSecret, (byte) 0);
        }
        return new SealedCode(content.sections(), ephPublic, content.nonce(), content.ciphertext(), SealedCode.sorted(wraps));
    }

    private static byte[] dataKey(KeyPair key, SealedCode sealed) {
        SealedCode.Wrap mine = sealed.wraps().stream().filter(w -> w.recipient().equals(key.publicKey())).findFirst()
                .orElseThrow(() -> new SealingException("the data key is not wrapped to key " + key.publicKey().hex()
                        + ": this node is not one of the execution servers it was sealed for"));
        byte[] secret = x25519SecretOf(key);
        byte[] shared = new byte[X25519.POINT_SIZE];
        try {
            if (!X25519.calculateAgreement(secret, 0, sealed.ephemeral(), 0, shared, 0)) {
                throw new SealingException("the ephemeral key of the sealed code is a low-order point");
            }
            byte[] wk = wrapKey(shared, sealed.ephemeral(), key.publicKey(), sealed);
            try {
                return gcm(false, wk, new byte[SealedCode.NONCE], new byte[0], mine.wrapped());
            } finally {
                Arrays.fill(wk, (byte) 0);
            }
        } catch (InvalidCipherTextException e) {
            throw new SealingException("the data key wrapped to " + key.publicKey().hex() + " does not authenticate "
                    + "(AES-GCM tag): its wrap, or the sealed content it is bound to, was altered");
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static byte[] wrapKey(byte[] shared, byte[] ephPublic, PublicKey recipient, SealedCode content) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        byte[] info = new Writer().fixed(ephPublic).fixed(recipient.bytes()).fixed(content.contentHash().bytes())
                .toByteArray();
        hkdf.init(new HKDFParameters(shared, WRAP_SALT, info));
        byte[] out = new byte[SealedCode.KEY];
        hkdf.generateBytes(out, 0, out.length);
        Arrays.fill(shared, (byte) 0);
        return out;
    }

    private static byte[] bodyAad(int sections, byte[] context) {
        return new Writer().fixed(BODY_DOMAIN).u32(sections).fixed(context).toByteArray();
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
            throws InvalidCipherTextException {
        GCMBlockCipher c = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(encrypt, new AEADParameters(new KeyParameter(key), SealedCode.TAG * 8, nonce, aad));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
