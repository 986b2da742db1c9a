package io.bourse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.state.Bytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChainStore} over each {@link KeyValueStore} implementation. */
// covers: O3
abstract class AbstractChainStoreTest {
    @TempDir
    Path dir;
    KeyValueStore kv;
    ChainStore chain;
    TestChain blocks = new TestChain(7);

    protected abstract KeyValueStore open(Path dir);

    protected boolean persistent() {
        return false;
    }

    @BeforeEach
    void openStore() {
        kv = open(dir);
        chain = new ChainStore(kv);
    }

    @AfterEach
    void closeStore() {
        kv.close();
    }

    List<TestChain.Step> commitBlocks(int n) {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        List<TestChain.Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestChain.Step s = blocks.next(3 + i);
            chain.commit(s.block(), s.qc(), s.receipts(), s.changes());
            steps.add(s);
        }
        return steps;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void emptyStoreHoldsNoChain() {
        assertThat(chain.lastFinalHeight()).isEmpty();
        assertThat(chain.baseHeight()).isEmpty();
        assertThat(chain.block(0)).isEmpty();
    }

    @Test
    void committedBlocksAndWhatTheyCausedReadBack() {
        List<TestChain.Step> steps = commitBlocks(5);
        assertThat(chain.lastFinalHeight()).hasValue(5);
        assertThat(chain.baseHeight()).hasValue(0);
        assertThat(chain.block(0).orElseThrow().toBytes()).isEqualTo(blocks.genesis().toBytes());
        assertThat(chain.certificate(0)).isEmpty();
        for (TestChain.Step s : steps) {
            long h = s.block().height();
            assertThat(chain.block(h).orElseThrow().toBytes()).isEqualTo(s.block().toBytes());
            assertThat(chain.heightOf(s.block().hash())).hasValue(h);
            assertThat(chain.certificate(h)).hasValue(s.qc());
            for (int i = 0; i < s.receipts().size(); i++) {
                assertThat(chain.receipt(h, i)).hasValue(s.receipts().get(i));
                assertThat(chain.locate(s.block().commitments().get(i).id())).hasValue(new CommitmentLocation(h, i));
            }
            assertThat(chain.receipt(h, s.receipts().size())).isEmpty();
        }
        assertThat(chain.block(6)).isEmpty();
        assertThat(chain.heightOf(io.bourse.core.types.Hash.ZERO)).isEmpty();
    }

    @Test
    void storedStateIsTheStateAfterTheLastBlock() {
        commitBlocks(8);
        List<String> stored = new ArrayList<>();
        chain.forEachState((k, v) -> stored.add(hex(k) + "=" + hex(v)));
        List<String> expected = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        blocks.state().forEach((k, v) -> keys.add(k));
        keys.stream().sorted().forEach(k -> expected.add(k + "=" + hex(blocks.state().get(k).orElseThrow())));
        assertThat(stored).isEqualTo(expected);
        assertThat(chain.state(TestChain.key(0).value()).map(AbstractChainStoreTest::hex))
                .isEqualTo(blocks.state().get(TestChain.key(0)).map(AbstractChainStoreTest::hex));
        assertThat(chain.loadState().root()).isEqualTo(blocks.state().root());
        chain.checkStateRoot(chain.loadState().root());
    }

    @Test
    void stateChangeDeletesRemoveKeys() {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        assertThat(chain.state(TestChain.key(1).value())).isPresent();
        TestChain.Step s;
        do {
            s = blocks.next(1);
            chain.commit(s.block(), s.qc(), s.receipts(), s.changes());
        } while (!s.changes().changes().containsValue(Optional.empty()));
        Bytes deleted = s.changes().changes().entrySet().stream().filter(e -> e.getValue().isEmpty()).findFirst()
                .orElseThrow().getKey();
        assertThat(chain.state(deleted.value())).isEmpty();
    }

    @Test
    void blockAtAnyButTheNextHeightIsRefused() {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        TestChain.Step one = blocks.next(2);
        TestChain.Step two = blocks.next(2);
        assertThatThrownBy(() -> chain.commit(two.block(), two.qc(), two.receipts(), two.changes()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last final height is 0").hasMessageContaining("must be at height 1");
        chain.commit(one.block(), one.qc(), one.receipts(), one.changes());
        assertThatThrownBy(() -> chain.commit(one.block(), one.qc(), one.receipts(), one.changes()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be at height 2");
        assertThat(chain.lastFinalHeight()).hasValue(1);
    }

    @Test
    void commitBeforeGenesisAndSecondGenesisAreRefused() {
        TestChain.Step one = blocks.next(1);
        assertThatThrownBy(() -> chain.commit(one.block(), one.qc(), one.receipts(), one.changes()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("genesis");
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        assertThatThrownBy(() -> chain.commitGenesis(blocks.genesis(), blocks.genesisState()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds a chain");
    }

    @Test
    void blockThatDoesNotFitIsRefusedAndLeavesNothingBehind() {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        TestChain.Step one = blocks.next(3);
        TestChain other = new TestChain(99);
        TestChain.Step foreign = other.next(3);
        List<Receipt> shortReceipts = one.receipts().subList(0, 2);
        assertThatThrownBy(() -> chain.commit(one.block(), foreign.qc(), one.receipts(), one.changes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> chain.commit(one.block(), one.qc(), shortReceipts, one.changes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receipts");
        assertThatThrownBy(() -> chain.commit(one.block(), one.qc(), foreign.receipts(), one.changes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another commitment");
        assertThat(chain.lastFinalHeight()).hasValue(0);
        assertThat(chain.block(1)).isEmpty();
        assertThat(chain.receipt(1, 0)).isEmpty();
    }

    @Test
    void blockOnAnotherParentIsRefused() {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        TestChain.Step foreign = new TestChain(99).next(1);
        assertThatThrownBy(() -> chain.commit(foreign.block(), foreign.qc(), foreign.receipts(), foreign.changes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent");
        assertThat(chain.lastFinalHeight()).hasValue(0);
        assertThat(chain.block(1)).isEmpty();
    }

    @Test
    void failedWriteLeavesTheChainWhereItWasAndTheCommitCanBeRetried() {
        FailingStore failing = new FailingStore(kv);
        ChainStore over = new ChainStore(failing);
        over.commitGenesis(blocks.genesis(), blocks.genesisState());
        TestChain.Step one = blocks.next(4);
        failing.failWrites = true;
        assertThatThrownBy(() -> over.commit(one.block(), one.qc(), one.receipts(), one.changes()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.NO_SPACE));
        assertThat(over.lastFinalHeight()).hasValue(0);
        assertThat(over.block(1)).isEmpty();
        failing.failWrites = false;
        over.commit(one.block(), one.qc(), one.receipts(), one.changes());
        assertThat(over.lastFinalHeight()).hasValue(1);
    }

    @Test
    void commitmentIncludedAgainKeepsItsFirstLocation() {
        chain.commitGenesis(blocks.genesis(), blocks.genesisState());
        TestChain.Step one = blocks.next(3);
        chain.commit(one.block(), one.qc(), one.receipts(), one.changes());
        Commitment replayed = one.block().commitments().get(1);
        TestChain.Step two = blocks.nextWith(List.of(replayed, replayed));
        chain.commit(two.block(), two.qc(), two.receipts(), two.changes());
        assertThat(chain.locate(replayed.id())).hasValue(new CommitmentLocation(1, 1));
        assertThat(chain.receipt(2, 1)).hasValue(two.receipts().get(1));
    }

    @Test
    void reopenedStoreResumesAtTheLastFinalHeight() {
        assumeTrue(persistent(), "only a persistent store survives a reopen");
        commitBlocks(3);
        kv.close();
        kv = open(dir);
        chain = new ChainStore(kv);
        assertThat(chain.lastFinalHeight()).hasValue(3);
        chain.checkStateRoot(chain.loadState().root());
        TestChain.Step four = blocks.next(2);
        chain.commit(four.block(), four.qc(), four.receipts(), four.changes());
        assertThat(chain.lastFinalHeight()).hasValue(4);
    }

    @Test
    void stateThatDoesNotMatchTheLastBlockIsRefused() {
        commitBlocks(2);
        kv.write(kv.newBatch().put(Column.STATE, new byte[] {0x09}, new byte[] {1}), true);
        assertThatThrownBy(() -> chain.checkStateRoot(chain.loadState().root()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.STATE_MISMATCH))
                .hasMessageContaining("height 2");
    }

    @Test
    void storeOfAnotherFormatIsRefused() {
        kv.write(kv.newBatch().put(Column.META, Keys.name(ChainStore.FORMAT_NAME), ByteBuffer.allocate(4).putInt(99).array()), true);
        assertThatThrownBy(() -> new ChainStore(kv))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INCOMPATIBLE))
                .hasMessageContaining("99");
    }

    @Test
    void storedBlockThatDoesNotDecodeFailsAsCorrupt() {
        commitBlocks(1);
        kv.write(kv.newBatch().put(Column.BLOCKS, Keys.height(1), new byte[] {1, 2, 3}), true);
        assertThatThrownBy(() -> chain.block(1))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CORRUPT))
                .hasMessageContaining("block at height 1");
    }

    @Test
    void metaAndJournalEntriesAreKeptAndReservedNamesRefused() {
        chain.putMeta("node.name", new byte[] {1});
        assertThat(chain.meta("node.name")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
        assertThatThrownBy(() -> chain.putMeta(ChainStore.LAST_FINAL, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        chain.putJournal("lock", new byte[] {7});
        assertThat(chain.journal("lock")).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
        chain.deleteJournal("lock");
        assertThat(chain.journal("lock")).isEmpty();
        assertThat(chain.meta("lock")).isEmpty();
    }

    /** Fails every write as a full disk would, after the checks a real store makes. */
    static final class FailingStore implements KeyValueStore {
        private final KeyValueStore inner;
        volatile boolean failWrites;

        FailingStore(KeyValueStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<byte[]> get(Column column, byte[] key) {
            return inner.get(column, key);
        }

        @Override
        public void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
            inner.scan(column, prefix, visitor);
        }

        @Override
        public void write(Batch batch, boolean sync) {
            if (failWrites) {
                throw new StorageException(StorageException.Kind.NO_SPACE, "disk full (simulated)");
            }
            inner.write(batch, sync);
        }

        @Override
        public Snapshot snapshot() {
            return inner.snapshot();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
