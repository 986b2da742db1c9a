package io.bourse.consensus.sim;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.Validator;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Deterministic keys, parameters and a commitment pool for simulations and tests. */
public final class SimSetup {
    public static final ChainId CHAIN = ChainId.of("bourse-sim");
    private static final KeyPair CLIENT = key(10_000);
    private static List<Commitment> pool;

    private SimSetup() {
    }

    /** The key of simulated node {@code i}: a fixed seed, so every run sees the same keys. */
    public static KeyPair key(int i) {
        byte[] seed = new byte[32];
        seed[0] = (byte) 0xB0;
        seed[28] = (byte) (i >>> 24);
        seed[29] = (byte) (i >>> 16);
        seed[30] = (byte) (i >>> 8);
        seed[31] = (byte) i;
        return KeyPair.fromSeed(seed);
    }

    public static List<KeyPair> keys(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(SimSetup::key).toList();
    }

    /** Parameters with {@code signers} (the first is the generator), a quorum of {@code minimumSigners} + 1. */
    public static NetworkParameters params(List<KeyPair> signers, int minimumSigners, long blockMillis, long roundChangeMillis) {
        List<Validator> vs = new ArrayList<>();
        for (int i = 0; i < signers.size(); i++) {
            vs.add(new Validator(signers.get(i).publicKey(), "operator-" + i));
        }
        return new NetworkParameters(CHAIN, blockMillis, signers.get(0).publicKey(), vs, minimumSigners,
                Amount.ofWhole(1), Amount.ofUnits(1), 86_400, 0, 0, 0, 0, List.of(), 0, List.of(), 0, List.of(),
                "network-operator", List.of(), CLIENT.publicKey(), 0, 0, 0, roundChangeMillis, 1,
                1_000_000, List.of()).validate();
    }

    /** The largest blockMinimumSigners with the best fault tolerance for n signers: quorum ⌈(2n+1)/3⌉. */
    public static int bftMinimumSigners(int n) {
        int q = (2 * n) / 3 + 1;
        return Math.min(q - 1, n - 1);
    }

    /** Twenty pre-signed transfers, shared by every run (signing them is the costly part). */
    public static synchronized List<Commitment> pool() {
        if (pool == null) {
            List<Commitment> out = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                out.add(Commitment.sign(CLIENT, CHAIN, i, new Payloads.Transfer(Address.of(key(20_000 + i).publicKey()),
                        TokenId.COIN, Amount.ofWhole(i + 1))));
            }
            pool = List.copyOf(out);
        }
        return pool;
    }
}
