package io.bourse.core.crypto;

import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 (RFC 8032) through Bouncy Castle's low-level API, with domain separation (see
 * {@link Domain}). This package is the only place that sees Bouncy Castle.
 */
public final class Ed25519 {
    private Ed25519() {
    }

    /** One signature check, for {@link #verifyAll}. */
    public record Check(PublicKey key, Domain domain, ChainId chainId, byte[] message, Signature signature) {
    }

    public static byte[] newSeed(SecureRandom random) {
        byte[] seed = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE];
        random.nextBytes(seed);
        return seed;
    }

    public static PublicKey publicKeyOf(byte[] seed) {
        byte[] pk = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
        return new PublicKey(pk);
    }

    /** Plain RFC 8032 signing of raw bytes (no domain): for test vectors and benchmarks. */
    public static byte[] signRaw(byte[] seed, byte[] publicKey, byte[] message) {
        byte[] sig = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** Verifications this process has done, for metrics: what a node spends most of its CPU on. */
    private static final java.util.concurrent.atomic.LongAdder VERIFICATIONS = new java.util.concurrent.atomic.LongAdder();

    /** Signature verifications done by this process since it started (a metric; decides nothing). */
    public static long verifications() {
        return VERIFICATIONS.sum();
    }

    /**
     * Plain RFC 8032 verification of raw bytes (no domain).
     *
     * <p>A sender signs many commitments with one key, so the key's point is decoded once and kept
     * ({@link #decodedKey}), which saves a square root per check. The answer is the same as Bouncy
     * Castle's byte-taking {@code verify} for every input: that method rejects exactly the keys whose
     * {@code validatePublicKeyPartialExport} is null (it runs the same encoding check and decoding,
     * {@code checkPointFullVar} and {@code decodePointVar}, and nothing else on the key), and for
     * the others the point-taking {@code verify} negates the same point and hashes its encoding,
     * which re-encodes to the very bytes given (the check admits only canonical y, and x's sign bit
     * is the one decoded). Bouncy Castle 1.85 through 1.87 have these methods unchanged;
     * {@code Ed25519EquivalenceTest} checks it on the jar in use.
     */
    public static boolean verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PublicKey.LENGTH || signature.length != Signature.LENGTH) {
            return false;
        }
        VERIFICATIONS.increment();
        try {
            PublicPoint point = decodedKey(publicKey);
            return point != null
                    && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, 0, message.length);
        } catch (RuntimeException e) {
            return false; // a malformed point is a failed check, not a crash
        }
    }

    /** Bouncy Castle's own byte-taking verification, for {@code Ed25519EquivalenceTest}. */
    static boolean verifyUncached(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Slots of the decoded-key cache: about 3 MiB when full. */
    private static final int KEY_SLOTS = 1 << 14;
    private static final AtomicReferenceArray<DecodedKey> KEYS = new AtomicReferenceArray<>(KEY_SLOTS);

    private record DecodedKey(byte[] key, PublicPoint point) {
    }

    /**
     * The key's decoded point, or null if it is not a valid encoding. Direct-mapped ({@link
     * #keySlot}): no lock, bounded, and a key that loses its slot is decoded again next time. A
     * cache only: it decides nothing.
     */
    static PublicPoint decodedKey(byte[] publicKey) {
        int slot = keySlot(publicKey);
        DecodedKey kept = KEYS.getAcquire(slot);
        if (kept != null && Arrays.equals(kept.key(), publicKey)) {
            return kept.point();
        }
        PublicPoint point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(publicKey, 0);
        if (point != null) {
            KEYS.setRelease(slot, new DecodedKey(publicKey.clone(), point));
        }
        return point;
    }

    /** The cache slot of a key: its first bytes (a key's low bytes are as good as random). */
    static int keySlot(byte[] publicKey) {
        return ((publicKey[0] & 0xFF) | (publicKey[1] & 0xFF) << 8) & (KEY_SLOTS - 1);
    }

    static Signature sign(byte[] seed, PublicKey key, Domain domain, ChainId chainId, byte[] message) {
        return new Signature(signRaw(seed, key.unsafeBytes(), Domain.signedBytes(domain, chainId.value(), message)));
    }

    public static boolean verify(PublicKey key, Domain domain, ChainId chainId, byte[] message, Signature signature) {
        return verifyRaw(key.unsafeBytes(), Domain.signedBytes(domain, chainId.value(), message), signature.unsafeBytes());
    }

    /**
     * Checks many signatures across the machine's cores.
     *
     * @return for each check, in order, whether it holds
     */
    public static boolean[] verifyAll(List<Check> checks) {
        boolean[] ok = new boolean[checks.size()];
        IntStream range = IntStream.range(0, checks.size());
        if (checks.size() >= 64) {
            range = range.parallel();
        }
        range.forEach(i -> {
            Check c = checks.get(i);
            ok[i] = verify(c.key(), c.domain(), c.chainId(), c.message(), c.signature());
        });
        return ok;
    }
}
