package io.bourse.bench;

import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.StateKeys;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Commitments per second through the mempool's admission checks (issue 7), next to the raw
 * Ed25519 verification rate in the same run.
 *
 * <p>The node's admission is {@code io.bourse.node.Mempool.admit(Commitment, StateReader)} in the
 * {@code cli} module, which the benchmarks do not depend on (it would bring the whole node: the
 * contract VM, consensus, logging). {@link #admissionChecks} does what {@code admit} does to a new
 * commitment that arrives as bytes from a peer or the API, in the same order: decode with every
 * limit and canonical check, the id and its look-up (de-duplication), the chain, the sender's next nonce from a
 * state of {@value #ACCOUNTS} accounts, then the signature. It leaves out the pool's size and
 * per-sender limits and the insertion. The 256 commitments are Coin transfers from 256 different keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdmissionBench {
    static final int ACCOUNTS = 100_000;
    static final int N = 256;

    byte[][] encoded = new byte[N][];
    byte[][] keys = new byte[N][];
    byte[][] signatures = new byte[N][];
    byte[][] signedBytes = new byte[N][];
    MerkleState state;
    /** Stands for the pool's index of commitments by id; left empty, as the pool is not measured. */
    final Set<Hash> pending = new HashSet<>();
    int i;

    @Setup
    public void setUp() {
        WriteSet accounts = new WriteSet();
        for (int k = 0; k < ACCOUNTS - N; k++) {
            Address a = Address.derived("bourse-bench-account", ByteBuffer.allocate(4).putInt(k).array());
            accounts.put(StateKeys.account(a), new Writer(8).i64(k % 100).toByteArray());
        }
        for (int k = 0; k < N; k++) {
            Commitment c = Fixtures.transfer(k);
            encoded[k] = c.toBytes();
            keys[k] = c.sender().bytes();
            signatures[k] = c.signature().bytes();
            signedBytes[k] = Fixtures.commitmentSignedBytes(c.chainId(), c.signedBytes());
            accounts.put(StateKeys.account(c.senderAddress()), new Writer(8).i64(c.nonce()).toByteArray());
        }
        state = new MerkleState();
        state.apply(accounts);
        for (int k = 0; k < N; k++) {
            if (admit(encoded[k]) != Verdict.ACCEPTED) {
                throw new IllegalStateException("benchmark commitment " + k + " is not admitted");
            }
        }
    }

    enum Verdict { ACCEPTED, DUPLICATE, WRONG_CHAIN, STALE_NONCE, BAD_SIGNATURE }

    private Verdict admit(byte[] bytes) {
        Commitment c = Commitment.fromBytes(bytes);
        if (pending.contains(c.id())) {
            return Verdict.DUPLICATE;
        }
        if (!c.chainId().equals(Fixtures.CHAIN)) {
            return Verdict.WRONG_CHAIN;
        }
        if (c.nonce() < LedgerState.nonce(state, c.senderAddress())) {
            return Verdict.STALE_NONCE;
        }
        return c.signatureValid() ? Verdict.ACCEPTED : Verdict.BAD_SIGNATURE;
    }

    /** Decode, id, chain, nonce look-up, signature: what admission does per new commitment. */
    @Benchmark
    public Verdict admissionChecks() {
        return admit(encoded[i++ & (N - 1)]);
    }

    /** The same checks without the signature: what admission costs besides Ed25519. */
    @Benchmark
    public long admissionChecksWithoutSignature() {
        Commitment c = Commitment.fromBytes(encoded[i++ & (N - 1)]);
        return (pending.contains(c.id()) ? 1 : 0) + (c.chainId().equals(Fixtures.CHAIN) ? 1 : 0)
                + LedgerState.nonce(state, c.senderAddress());
    }

    /** Reference: Bouncy Castle's raw verify of the same commitments' signed bytes, prepared once. */
    @Benchmark
    public boolean rawVerify() {
        int k = i++ & (N - 1);
        byte[] m = signedBytes[k];
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signatures[k], 0, keys[k], 0, m, 0, m.length);
    }
}
