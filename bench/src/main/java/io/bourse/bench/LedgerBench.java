package io.bourse.bench;

import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.ledger.BlockContext;
import io.bourse.core.ledger.BlockExecution;
import io.bourse.core.ledger.BlockResult;
import io.bourse.core.ledger.Ledger;
import io.bourse.core.ledger.StateKeys;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger on one thread (issue 3): a block of {@value #TRANSFERS} Coin transfers, one per
 * sender, to accounts drawn from a state of {@code accounts} funded accounts, applied with
 * {@link Ledger#begin} → {@link BlockExecution#apply} per transfer → {@link BlockExecution#finish}.
 * Signatures are not checked here (a block's are checked in parallel before it is applied). Every
 * invocation starts again from the same base state, so the nonces stay valid.
 *
 * <p>References in the same run: {@link #stateOpsOnly} does the state reads and writes a transfer
 * needs straight on a {@link StateOverlay}, without the ledger's rules, receipts or commitment ids;
 * {@link #sha256OfState} hashes as many bytes as the state holds, the floor of a root computation
 * that touches every bucket.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBench {
    static final int TRANSFERS = 10_000;

    @Param("100000")
    public int accounts;

    MerkleState base;
    BlockContext context;
    List<Commitment> block;
    BlockResult executed;
    Bytes[][] keys;
    byte[][] values;
    byte[][] stateChunks;

    @Setup
    public void setUp() {
        TransferChain chain = new TransferChain(accounts, TRANSFERS, 7);
        base = chain.state;
        context = chain.nextContext();
        block = chain.transfers(0, true);
        executed = applyBlock();
        if (executed.receipts().stream().filter(r -> r.applied()).count() != TRANSFERS) {
            throw new IllegalStateException("not every transfer of the benchmark block applies");
        }
        keys = new Bytes[TRANSFERS][];
        values = new byte[TRANSFERS][];
        for (int i = 0; i < TRANSFERS; i++) {
            Commitment c = block.get(i);
            Address from = c.senderAddress();
            Address to = ((Payloads.Transfer) c.payload()).to();
            keys[i] = new Bytes[] {StateKeys.account(from), StateKeys.balance(from, TokenId.COIN),
                StateKeys.balance(to, TokenId.COIN), StateKeys.contract(to)};
            values[i] = new Writer(8).i64(1_000L + i).toByteArray();
        }
        stateChunks = stateBytesInBuckets(base);
    }

    private BlockResult applyBlock() {
        BlockExecution exec = Ledger.begin(base, context);
        for (Commitment c : block) {
            exec.apply(c);
        }
        return exec.finish();
    }

    /** Transfers applied per second: the whole block (begin, 10,000 applies, finish), per transfer. */
    @Benchmark
    @OperationsPerInvocation(TRANSFERS)
    public BlockResult applyTransfers() {
        return applyBlock();
    }

    /** The state root of the executed block's overlay over the base state (nothing is applied). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Hash stateRoot() {
        return executed.stateRoot();
    }

    /** What a generator or signer does per block once signatures are checked: apply all, then the root. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Hash applyBlockAndRoot() {
        return applyBlock().stateRoot();
    }

    /**
     * Reference: per transfer, the reads (nonce, both balances, is the recipient a contract) and
     * writes (both balances in a child overlay merged into the block's, then the nonce) a transfer
     * makes, with precomputed keys and values.
     */
    @Benchmark
    @OperationsPerInvocation(TRANSFERS)
    public StateOverlay stateOpsOnly() {
        StateOverlay s = new StateOverlay(base);
        for (int i = 0; i < TRANSFERS; i++) {
            Bytes[] k = keys[i];
            s.get(k[0]);
            s.get(k[1]);
            s.get(k[2]);
            StateOverlay child = s.child();
            child.get(k[3]);
            child.put(k[1], values[i]);
            child.put(k[2], values[i]);
            child.mergeInto();
            s.put(k[0], values[i]);
        }
        return s;
    }

    /** Reference: SHA-256 over every entry of the base state, one digest per bucket's worth of bytes. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] sha256OfState() {
        MessageDigest md = Hash.sha256();
        byte[] last = null;
        for (byte[] chunk : stateChunks) {
            md.update(chunk);
            last = md.digest();
        }
        return last;
    }

    /** The state's entries laid out as the root hashes them, cut into {@link MerkleState#BUCKETS} chunks. */
    private static byte[][] stateBytesInBuckets(MerkleState state) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        state.forEach((k, v) -> {
            byte[] key = k.unsafeValue();
            all.writeBytes(new Writer(8).u32(key.length).toByteArray());
            all.writeBytes(key);
            all.writeBytes(new Writer(8).u32(v.length).toByteArray());
            all.writeBytes(v);
        });
        byte[] bytes = all.toByteArray();
        byte[][] chunks = new byte[MerkleState.BUCKETS][];
        int per = bytes.length / MerkleState.BUCKETS;
        for (int b = 0; b < chunks.length; b++) {
            int from = b * per;
            int to = b == chunks.length - 1 ? bytes.length : from + per;
            chunks[b] = java.util.Arrays.copyOfRange(bytes, from, to);
        }
        return chunks;
    }
}
