package io.bourse.core.genesis;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.Validator;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensible starting parameters for a new network (docs/parameters.md explains each): used by
 * {@code bourse genesis new} and {@code bourse devnet}. The first signer is the generator; each
 * signer has its own operator; blockMinimumSigners is the smallest value that keeps every two
 * quorums intersecting while tolerating the most faults. The rate sources (N4) are the signers'
 * keys, whose nodes relay the feeds; a network with outside feeds registers the feeds' own keys.
 */
public final class DefaultParameters {
    private DefaultParameters() {
    }

    /** The largest f for n signers, and the blockMinimumSigners (quorum − 1) that gives it. */
    public static int minimumSignersFor(int n) {
        if (n == 1) {
            throw new IllegalArgumentException("a network needs at least 2 signers");
        }
        int f = (n - 1) / 3;
        int q = n - f; // q = n − f keeps 2q − n − 1 ≥ f
        return Math.max(1, Math.min(q - 1, n - 1));
    }

    /** Statements one contract call may execute by default: about 20 ms of interpreted JavaScript. */
    public static final long DEFAULT_STATEMENT_BUDGET = 1_000_000;

    public static NetworkParameters of(ChainId chainId, long blockTimeMillis, List<PublicKey> signers,
                                       List<PublicKey> executionServers, PublicKey coinOperator) {
        List<Validator> vs = new ArrayList<>();
        for (int i = 0; i < signers.size(); i++) {
            vs.add(new Validator(signers.get(i), "signer-operator-" + (i + 1)));
        }
        return new NetworkParameters(chainId, blockTimeMillis, signers.get(0), vs, minimumSignersFor(signers.size()),
                Amount.ofWhole(10), Amount.ONE, 7L * 24 * 3600, 60, 20_000, 100_000,
                5_000, List.of(coinOperator.address()), 2_000, List.of(coinOperator.address()),
                2_000, List.of(coinOperator.address()),
                "network-operator", executionServers, coinOperator,
                500_000, 7L * 24 * 3600, 1_000, Math.max(1000, 2 * blockTimeMillis),
                Math.min(2, Math.max(1, executionServers.size())), DEFAULT_STATEMENT_BUDGET, signers).validate();
    }
}
