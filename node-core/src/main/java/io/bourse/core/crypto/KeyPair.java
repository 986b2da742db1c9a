package io.bourse.core.crypto;

import io.bourse.core.types.Address;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.security.SecureRandom;

/**
 * An Ed25519 key pair. The private seed never leaves this object except through
 * {@link KeyFile}; {@link #toString()} shows the public half only, so a key pair in a log line
 * or an exception message leaks nothing.
 */
public final class KeyPair {
    private final byte[] seed;
    private final PublicKey publicKey;

    private KeyPair(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes");
        }
        this.seed = seed.clone();
        this.publicKey = Ed25519.publicKeyOf(this.seed);
    }

    public static KeyPair generate() {
        return new KeyPair(Ed25519.newSeed(new SecureRandom()));
    }

    /** A key from a known seed: tests, simulations and key files only. */
    public static KeyPair fromSeed(byte[] seed) {
        return new KeyPair(seed);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Address address() {
        return publicKey.address();
    }

    public Signature sign(Domain domain, ChainId chainId, byte[] message) {
        return Ed25519.sign(seed, publicKey, domain, chainId, message);
    }

    byte[] seed() {
        return seed.clone();
    }

    @Override
    public String toString() {
        return "KeyPair[" + publicKey.hex() + "]";
    }
}
