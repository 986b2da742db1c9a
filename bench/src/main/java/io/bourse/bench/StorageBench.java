package io.bourse.bench;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.ledger.StateKeys;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Address;
import io.bourse.core.types.TokenId;
import io.bourse.storage.Batch;
import io.bourse.storage.ChainStore;
import io.bourse.storage.Column;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.storage.RocksOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The chain store on RocksDB (issue 5), with the node's default {@link RocksOptions} in a temporary
 * directory: final blocks of {@value #TRANSFERS} transfers committed per second through
 * {@link ChainStore#commit} (block, certificate, commitment index, receipts and the ledger's write
 * set in one synced write), and point reads of the state per second through
 * {@link ChainStore#state}.
 *
 * <p>References in the same run: {@link #syncedSmallWrite}, one synced one-entry write (the disk's
 * fsync rate, the floor under any commit), and {@link #memoryStateRead}, the same reads from the
 * in-memory {@link MerkleState} the ledger executes against.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StorageBench {
    static final int ACCOUNTS = 100_000;
    static final int TRANSFERS = 10_000;
    /** Blocks built once; a store that has taken them all is replaced by a fresh one (not timed). */
    static final int BLOCKS = 24;
    static final int READ_KEYS = 1 << 16;

    /** A chain of {@value #BLOCKS} real blocks (write sets, receipts and roots from the ledger), and a store to commit them to. */
    @State(Scope.Benchmark)
    public static class Commits {
        Block genesis;
        WriteSet genesisState;
        Final[] blocks = new Final[BLOCKS];
        Store store;
        int next;

        @Setup(Level.Trial)
        public void build() {
            TransferChain chain = new TransferChain(ACCOUNTS, TRANSFERS, 5);
            genesis = chain.genesis.block();
            genesisState = chain.genesis.stateChanges();
            for (int b = 0; b < BLOCKS; b++) {
                TransferChain.Built built = chain.next(chain.transfers(b, false));
                blocks[b] = new Final(built.block(), built.certificate(), built.result().receipts(),
                        built.result().writeSet());
            }
            fresh();
        }

        /** Not timed: a new store, with genesis, once the blocks are used up. */
        @Setup(Level.Invocation)
        public void room() {
            if (next == BLOCKS) {
                fresh();
            }
        }

        private void fresh() {
            if (store != null) {
                store.close();
            }
            store = Store.open();
            store.chain.commitGenesis(genesis, genesisState);
            next = 0;
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    /** A store holding the genesis state of {@value #ACCOUNTS} accounts, reopened so reads come from table files. */
    @State(Scope.Benchmark)
    public static class Reads {
        Store store;
        MerkleState memory;
        byte[][] present = new byte[READ_KEYS][];
        byte[][] absent = new byte[READ_KEYS][];
        Bytes[] presentKeys = new Bytes[READ_KEYS];
        int i;

        @Setup(Level.Trial)
        public void open() {
            TransferChain chain = new TransferChain(ACCOUNTS, 16, 9);
            memory = chain.state;
            store = Store.open();
            store.chain.commitGenesis(chain.genesis.block(), chain.genesis.stateChanges());
            store = store.reopen();
            SplittableRandom r = new SplittableRandom(3);
            for (int k = 0; k < READ_KEYS; k++) {
                Address a = chain.accounts[r.nextInt(ACCOUNTS)];
                presentKeys[k] = StateKeys.balance(a, TokenId.COIN);
                present[k] = presentKeys[k].value();
                absent[k] = StateKeys.balance(Address.derived("bourse-bench-absent", ByteBuffer.allocate(4).putInt(k)
                        .array()), TokenId.COIN).value();
                if (store.chain.state(present[k]).isEmpty() || store.chain.state(absent[k]).isPresent()) {
                    throw new IllegalStateException("the read benchmark's keys are not as expected");
                }
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    /** A store for one-entry synced writes. */
    @State(Scope.Benchmark)
    public static class Disk {
        Store store;
        long n;

        @Setup(Level.Trial)
        public void open() {
            store = Store.open();
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    /** Final blocks of 10,000 transfers committed per second, each in one synced write. */
    @Benchmark
    public Block commitBlock(Commits s) {
        Final f = s.blocks[s.next++];
        s.store.chain.commit(f.block(), f.certificate(), f.receipts(), f.writeSet());
        return f.block();
    }

    /** What {@link ChainStore#commit} takes for one final block. */
    record Final(Block block, QuorumCertificate certificate, List<Receipt> receipts, WriteSet writeSet) {
    }

    /** Reference: one synced write of one 8-byte entry. */
    @Benchmark
    public long syncedSmallWrite(Disk d) {
        long n = ++d.n;
        d.store.kv.write(new Batch().put(Column.META, new byte[] {1}, ByteBuffer.allocate(8).putLong(n).array()), true);
        return n;
    }

    /** A present state entry (a Coin balance) read from the store. */
    @Benchmark
    public Optional<byte[]> stateRead(Reads r) {
        return r.store.chain.state(r.present[r.i++ & (READ_KEYS - 1)]);
    }

    /** An absent state entry: the Bloom filters should answer without reading a data block. */
    @Benchmark
    public Optional<byte[]> stateReadAbsent(Reads r) {
        return r.store.chain.state(r.absent[r.i++ & (READ_KEYS - 1)]);
    }

    /** Reference: the same present entries from the in-memory state. */
    @Benchmark
    public Optional<byte[]> memoryStateRead(Reads r) {
        return r.memory.get(r.presentKeys[r.i++ & (READ_KEYS - 1)]);
    }

    /** A RocksDB store in a temporary directory, deleted on close. */
    record Store(Path dir, RocksKeyValueStore kv, ChainStore chain) {
        static Store open() {
            try {
                return open(Files.createTempDirectory("bourse-bench-store"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Store open(Path dir) {
            RocksKeyValueStore kv = RocksKeyValueStore.open(dir, RocksOptions.defaults());
            return new Store(dir, kv, new ChainStore(kv));
        }

        /** Closes and opens again: the write-ahead log is flushed to table files on recovery. */
        Store reopen() {
            kv.close();
            return open(dir);
        }

        void close() {
            kv.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
