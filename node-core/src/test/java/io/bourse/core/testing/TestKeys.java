package io.bourse.core.testing;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Deterministic Ed25519 keys for tests: key {@code i} has the seed SHA-256("bourse-test-key/" + i),
 * so every test, module and run sees the same keys. Never use these outside tests.
 */
public final class TestKeys {
    private static final ConcurrentHashMap<Long, KeyPair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    /** The key pair numbered {@code i} (any long; cached, since deriving the public key costs a scalar multiplication). */
    public static KeyPair key(long i) {
        return CACHE.computeIfAbsent(i, n -> KeyPair.fromSeed(seed(n)));
    }

    /** The 32-byte seed of {@link #key(long)}. */
    public static byte[] seed(long i) {
        return Hash.of(("bourse-test-key/" + i).getBytes(StandardCharsets.US_ASCII)).bytes();
    }

    /** Keys 0 .. n−1. */
    public static List<KeyPair> keys(int n) {
        return IntStream.range(0, n).mapToObj(TestKeys::key).toList();
    }

    /** Keys {@code first} .. {@code first + n − 1}: a second, disjoint set. */
    public static List<KeyPair> keys(int first, int n) {
        return IntStream.range(first, first + n).mapToObj(TestKeys::key).toList();
    }

    public static List<PublicKey> publicKeys(List<KeyPair> keys) {
        return keys.stream().map(KeyPair::publicKey).toList();
    }
}
