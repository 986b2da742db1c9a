package io.bourse.consensus;

import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a signature. Production uses {@link #ED25519}; the simulator shares one {@link #caching}
 * verifier among its nodes so that each distinct signature is checked once, not once per node
 * (verification is a pure function, so a cache of positive answers changes no outcome).
 */
@FunctionalInterface
public interface SignatureVerifier {
    SignatureVerifier ED25519 = Ed25519::verify;

    boolean verify(PublicKey key, Domain domain, ChainId chain, byte[] message, Signature signature);

    /** Remembers checks that passed (keyed by a digest of all inputs); failures are checked again. */
    static SignatureVerifier caching(SignatureVerifier inner) {
        Set<Hash> good = new HashSet<>();
        return (key, domain, chain, message, signature) -> {
            Hash k = Hash.of(key.unsafeBytes(), new byte[] {(byte) domain.code()},
                    chain.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[] {0},
                    signature.unsafeBytes(), message);
            if (good.contains(k)) {
                return true;
            }
            boolean ok = inner.verify(key, domain, chain, message, signature);
            if (ok) {
                good.add(k);
            }
            return ok;
        };
    }
}
