package io.bourse.core.crypto;

import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks signatures. Production uses {@link #ED25519} (with batch verification for many at once);
 * the simulator shares one {@link #caching} verifier among its nodes so that each distinct
 * signature is checked once, not once per node (verification is a pure function, so a cache of
 * positive answers changes no outcome). Block and certificate rules ({@code BlockRules}) take
 * one, so the node and the simulator run the same rules.
 */
@FunctionalInterface
public interface SignatureVerifier {
    SignatureVerifier ED25519 = new SignatureVerifier() {
        @Override
        public boolean verify(PublicKey key, Domain domain, ChainId chain, byte[] message, Signature signature) {
            return Ed25519.verify(key, domain, chain, message, signature);
        }

        @Override
        public boolean[] verifyAll(List<Ed25519.Check> checks) {
            return Ed25519.verifyAll(checks);
        }
    };

    boolean verify(PublicKey key, Domain domain, ChainId chain, byte[] message, Signature signature);

    /** One answer per check, in order. */
    default boolean[] verifyAll(List<Ed25519.Check> checks) {
        boolean[] ok = new boolean[checks.size()];
        for (int i = 0; i < ok.length; i++) {
            Ed25519.Check c = checks.get(i);
            ok[i] = verify(c.key(), c.domain(), c.chainId(), c.message(), c.signature());
        }
        return ok;
    }

    /** Remembers checks that passed (keyed by a digest of all inputs); failures are checked again. */
    static SignatureVerifier caching(SignatureVerifier inner) {
        Set<Hash> good = new HashSet<>();
        return (key, domain, chain, message, signature) -> {
            Hash k = Hash.of(key.unsafeBytes(), new byte[] {(byte) domain.code()},
                    chain.value().getBytes(StandardCharsets.US_ASCII), new byte[] {0}, signature.unsafeBytes(), message);
            synchronized (good) {
                if (good.contains(k)) {
                    return true;
                }
            }
            boolean ok = inner.verify(key, domain, chain, message, signature);
            if (ok) {
                synchronized (good) {
                    good.add(k);
                }
            }
            return ok;
        };
    }
}
