package io.bourse.bench;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;

/** Deterministic inputs for the benchmarks. */
final class Fixtures {
    static final ChainId CHAIN = ChainId.of("bourse-bench");

    private Fixtures() {
    }

    static KeyPair key(int i) {
        return KeyPair.fromSeed(Hash.of(("bourse-bench-key/" + i).getBytes(StandardCharsets.US_ASCII)).bytes());
    }

    /** A Coin transfer of 12.5 from key i to key i + 1: the most common commitment (170 bytes encoded). */
    static Commitment transfer(int i) {
        return Commitment.sign(key(i), CHAIN, 42 + i,
                new Payloads.Transfer(key(i + 1).address(), TokenId.COIN, Amount.parse("12.5")));
    }

    /**
     * The bytes {@code Ed25519.verify} checks a commitment signature over (docs/encoding.md,
     * "Signing domains"), built here independently of node-core.
     */
    static byte[] commitmentSignedBytes(ChainId chain, byte[] message) {
        byte[] prefix = ("BOURSE/1/commitment\0" + chain.value() + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }
}
