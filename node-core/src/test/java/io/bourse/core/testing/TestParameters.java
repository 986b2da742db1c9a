package io.bourse.core.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.ChainId;
import java.util.List;

/**
 * Valid {@link NetworkParameters} for tests: signers are {@link TestKeys} 0 .. n−1 (the first is
 * the generator, each signer has its own operator), the Coin Contract Operator is key
 * {@value #COIN_OPERATOR_KEY}, the execution server key {@value #EXECUTION_SERVER_KEY}; the rest
 * is {@link DefaultParameters}.
 */
public final class TestParameters {
    public static final ChainId CHAIN = ChainId.of("bourse-test");
    public static final long BLOCK_TIME_MILLIS = 1000;
    public static final int COIN_OPERATOR_KEY = 1000;
    public static final int EXECUTION_SERVER_KEY = 2000;

    private TestParameters() {
    }

    /** Parameters for {@code signers} (≥ 2) deterministic signers on {@link #CHAIN}. */
    public static NetworkParameters of(int signers) {
        return of(CHAIN, signers);
    }

    public static NetworkParameters of(ChainId chainId, int signers) {
        return DefaultParameters.of(chainId, BLOCK_TIME_MILLIS, TestKeys.publicKeys(signers(signers)),
                List.of(executionServer().publicKey()), coinOperator().publicKey());
    }

    /** The signer keys of {@link #of(int)}, in list order (index 0 is the generator). */
    public static List<KeyPair> signers(int n) {
        return TestKeys.keys(n);
    }

    public static KeyPair coinOperator() {
        return TestKeys.key(COIN_OPERATOR_KEY);
    }

    public static KeyPair executionServer() {
        return TestKeys.key(EXECUTION_SERVER_KEY);
    }

    /** The canonical JSON document of {@link #of(int)} as a mutable tree, to edit in tests. */
    public static ObjectNode tree(int signers) {
        return tree(of(signers));
    }

    public static ObjectNode tree(NetworkParameters p) {
        try {
            return (ObjectNode) ParametersJson.MAPPER.readTree(p.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
