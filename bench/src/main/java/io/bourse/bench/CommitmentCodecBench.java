package io.bourse.bench;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.types.Hash;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Canonical encoding rates of a typical transfer commitment (see {@link Fixtures#transfer}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommitmentCodecBench {
    Commitment commitment;
    byte[] bytes;

    @Setup
    public void setUp() {
        commitment = Fixtures.transfer(0);
        bytes = commitment.toBytes();
        if (!Commitment.fromBytes(bytes).equals(commitment)) {
            throw new IllegalStateException("the benchmark's commitment does not round-trip");
        }
    }

    @Benchmark
    public byte[] encode() {
        return commitment.toBytes();
    }

    /** Decoding untrusted bytes, with every limit and canonical-form check. */
    @Benchmark
    public Commitment decode() {
        return Commitment.fromBytes(bytes);
    }

    /** The commitment id: encode then SHA-256. */
    @Benchmark
    public Hash id() {
        return commitment.id();
    }
}
