package io.bourse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.codec.Hex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Ed25519#verifyRaw} keeps decoded keys and verifies against the point; every node must
 * still accept exactly what Bouncy Castle's byte-taking verification accepts, or nodes with
 * different caches could disagree on a signature. Checked here on the jar in use, for honest
 * signatures, tampered ones, random bytes and the keys that RFC 8032 implementations are known to
 * treat differently (small-order points, non-canonical encodings, a zero x with its sign bit set).
 */
// covers: C3 (one signature rule on every node, whatever its cache holds)
class Ed25519EquivalenceTest {

    /** Encodings that verifiers disagree on ("Taming the many EdDSAs", Chalkias et al., 2020). */
    static final List<String> EDGE_KEYS = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000", // the identity (order 1)
            "0100000000000000000000000000000000000000000000000000000000000080", // identity, x's sign bit set
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = −1 (order 2)
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "0000000000000000000000000000000000000000000000000000000000000000", // y = 0 (order 4)
            "0000000000000000000000000000000000000000000000000000000000000080",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p, non-canonical 0
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1, non-canonical 1
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = 2^255 − 1
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    private static void sameAnswer(byte[] key, byte[] message, byte[] signature) {
        boolean reference = Ed25519.verifyUncached(key, message, signature);
        // twice: once decoding the key, once from the cache (if it was kept)
        assertThat(Ed25519.verifyRaw(key, message, signature)).as("first check").isEqualTo(reference);
        assertThat(Ed25519.verifyRaw(key, message, signature)).as("second check").isEqualTo(reference);
    }

    @Property(tries = 300)
    void honestAndTamperedSignaturesGetTheSameAnswer(@ForAll("bytes32") byte[] seed, @ForAll("messages") byte[] message,
            @ForAll("positions") int flip) {
        byte[] key = Ed25519.publicKeyOf(seed).bytes();
        byte[] signature = Ed25519.signRaw(seed, key, message);
        assertThat(Ed25519.verifyRaw(key, message, signature)).isTrue();
        sameAnswer(key, message, signature);
        // one bit flipped in the signature, the key or the message
        byte[] badSig = signature.clone();
        badSig[flip % 64] ^= (byte) (1 << (flip % 8));
        sameAnswer(key, message, badSig);
        byte[] badKey = key.clone();
        badKey[flip % 32] ^= (byte) (1 << (flip % 8));
        sameAnswer(badKey, message, signature);
        if (message.length > 0) {
            byte[] badMessage = message.clone();
            badMessage[flip % message.length] ^= 1;
            sameAnswer(key, badMessage, signature);
        }
    }

    @Property(tries = 300)
    void randomKeysAndSignaturesGetTheSameAnswer(@ForAll("bytes32") byte[] key, @ForAll("bytes64") byte[] signature,
            @ForAll("messages") byte[] message) {
        // about half of random encodings decode to a point, almost all of those of mixed order
        sameAnswer(key, message, signature);
    }

    @Test
    void edgeCaseKeysGetTheSameAnswer() {
        byte[] identityR = Hex.decode(EDGE_KEYS.get(0));
        for (String hex : EDGE_KEYS) {
            byte[] key = Hex.decode(hex);
            for (String r : EDGE_KEYS) {
                // R any edge encoding, S = 0: a "signature" a cofactorless check of a small-order key could pass
                byte[] signature = new byte[64];
                System.arraycopy(Hex.decode(r), 0, signature, 0, 32);
                sameAnswer(key, new byte[] {1, 2, 3}, signature);
                sameAnswer(key, new byte[0], signature);
            }
            byte[] sOne = new byte[64];
            System.arraycopy(identityR, 0, sOne, 0, 32);
            sOne[32] = 1;
            sameAnswer(key, new byte[0], sOne);
        }
        for (String hex : EDGE_KEYS) {
            assertThat(Ed25519.verifyRaw(Hex.decode(hex), new byte[0], new byte[64])).as(hex).isFalse();
        }
    }

    @Test
    void keysThatShareACacheSlotBothVerify() {
        // find two honest keys whose encodings share a cache slot
        Map<Integer, byte[]> seenSeeds = new HashMap<>();
        byte[][] pair = null;
        for (int i = 0; i < 20_000 && pair == null; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) i;
            seed[1] = (byte) (i >> 8);
            seed[2] = 7;
            byte[] key = Ed25519.publicKeyOf(seed).bytes();
            byte[] other = seenSeeds.putIfAbsent(Ed25519.keySlot(key), seed);
            if (other != null) {
                pair = new byte[][] {other, seed};
            }
        }
        assertThat(pair).as("two keys in one slot among 20,000").isNotNull();
        byte[] message = {42};
        for (int round = 0; round < 3; round++) {
            for (byte[] seed : pair) {
                byte[] key = Ed25519.publicKeyOf(seed).bytes();
                byte[] signature = Ed25519.signRaw(seed, key, message);
                assertThat(Ed25519.verifyRaw(key, message, signature)).isTrue();
                byte[] otherKey = Ed25519.publicKeyOf(seed == pair[0] ? pair[1] : pair[0]).bytes();
                assertThat(Ed25519.verifyRaw(otherKey, message, signature)).as("a signature under the other key").isFalse();
            }
        }
    }

    @Provide
    Arbitrary<byte[]> bytes32() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> bytes64() {
        return Arbitraries.bytes().array(byte[].class).ofSize(64);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1 << 20);
    }
}
