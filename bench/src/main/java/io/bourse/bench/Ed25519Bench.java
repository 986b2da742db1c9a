package io.bourse.bench;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 verifications per second: our domain-separated {@link Ed25519#verify} next to Bouncy
 * Castle's raw {@code rfc8032.Ed25519.verify} over the very same signed bytes (prefix, chain id and
 * a typical transfer commitment's body), so the only difference is our prefix copy and argument
 * checks. {@code verifyAll} shows the parallel batch path used for a block's commitments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Bench {
    static final int BATCH = 256;

    ChainId chain;
    PublicKey key;
    Signature signature;
    byte[] body;
    byte[] signedBytes;
    byte[] keyBytes;
    byte[] signatureBytes;
    Commitment commitment;
    List<Ed25519.Check> batch;

    @Setup
    public void setUp() {
        commitment = Fixtures.transfer(0);
        chain = commitment.chainId();
        key = commitment.sender();
        signature = commitment.signature();
        body = commitment.signedBytes();
        signedBytes = Fixtures.commitmentSignedBytes(chain, body);
        keyBytes = key.bytes();
        signatureBytes = signature.bytes();
        if (!Ed25519.verify(key, Domain.COMMITMENT, chain, body, signature)
                || !org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signatureBytes, 0, keyBytes, 0, signedBytes, 0,
                signedBytes.length)) {
            throw new IllegalStateException("the benchmark's signature does not verify");
        }
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(Fixtures.transfer(i).signatureCheck());
        }
    }

    /** Our API: builds the domain-separated bytes, then calls Bouncy Castle. */
    @Benchmark
    public boolean bourseVerify() {
        return Ed25519.verify(key, Domain.COMMITMENT, chain, body, signature);
    }

    /** Bouncy Castle's raw call on the same prefixed bytes, prepared once. */
    @Benchmark
    public boolean bouncyCastleRawVerify() {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signatureBytes, 0, keyBytes, 0, signedBytes, 0,
                signedBytes.length);
    }

    /** What a node does per received commitment: re-encode the signed body, then verify. */
    @Benchmark
    public boolean commitmentSignatureValid() {
        return commitment.signatureValid();
    }

    /** The parallel batch check of a block's commitments, per signature. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean[] verifyAllParallel() {
        return Ed25519.verifyAll(batch);
    }
}
