package io.bourse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.types.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of the state at a height and import into an empty store, over each implementation. */
// covers: O3
abstract class AbstractStateSnapshotTest {
    @TempDir
    Path dir;
    KeyValueStore sourceKv;
    KeyValueStore targetKv;
    ChainStore source;
    ChainStore target;
    final TestChain blocks = new TestChain(11);

    protected abstract KeyValueStore open(Path dir);

    @BeforeEach
    void openStores() {
        sourceKv = open(dir.resolve("source"));
        targetKv = open(dir.resolve("target"));
        source = new ChainStore(sourceKv);
        target = new ChainStore(targetKv);
        source.commitGenesis(blocks.genesis(), blocks.genesisState());
        for (int i = 0; i < 6; i++) {
            commitToBoth(blocks.next(4), false);
        }
    }

    @AfterEach
    void closeStores() {
        sourceKv.close();
        targetKv.close();
    }

    private void commitToBoth(TestChain.Step s, boolean alsoTarget) {
        source.commit(s.block(), s.qc(), s.receipts(), s.changes());
        if (alsoTarget) {
            target.commit(s.block(), s.qc(), s.receipts(), s.changes());
        }
    }

    static List<String> state(ChainStore c) {
        List<String> out = new ArrayList<>();
        c.forEachState((k, v) -> out.add(AbstractChainStoreTest.hex(k) + "=" + AbstractChainStoreTest.hex(v)));
        return out;
    }

    @Test
    void importedStoreContinuesTheChainWithTheSameStateRoot() {
        Path file = dir.resolve("state.snap");
        SnapshotInfo exported = source.exportSnapshot(file);
        assertThat(exported.height()).isEqualTo(6);
        assertThat(exported.stateRoot()).isEqualTo(blocks.state().root());

        SnapshotInfo imported = target.importSnapshot(file, StateRootFunction.MERKLE);
        assertThat(imported).isEqualTo(exported);
        assertThat(target.lastFinalHeight()).hasValue(6);
        assertThat(target.baseHeight()).hasValue(6);
        assertThat(target.block(6).orElseThrow().hash()).isEqualTo(exported.blockHash());
        assertThat(target.certificate(6)).isEqualTo(source.certificate(6));
        assertThat(target.block(5)).isEmpty();
        assertThat(state(target)).isEqualTo(state(source));

        for (int i = 0; i < 3; i++) {
            commitToBoth(blocks.next(3), true);
        }
        assertThat(target.lastFinalHeight()).hasValue(9);
        assertThat(target.loadState().root()).isEqualTo(source.loadState().root()).isEqualTo(blocks.state().root());
        target.checkStateRoot(target.loadState().root());
    }

    @Test
    void damagedSnapshotIsRefusedAndLeavesTheStoreEmpty() throws IOException {
        Path file = dir.resolve("state.snap");
        source.exportSnapshot(file);
        byte[] bytes = Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 60] ^= 1;
        Files.write(dir.resolve("flipped.snap"), flipped);
        Files.write(dir.resolve("short.snap"), Arrays.copyOf(bytes, bytes.length - 10));
        for (String name : List.of("flipped.snap", "short.snap")) {
            assertThatThrownBy(() -> target.importSnapshot(dir.resolve(name), StateRootFunction.MERKLE))
                    .as(name)
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CORRUPT))
                    .hasMessageContaining(name);
            assertThat(target.lastFinalHeight()).isEmpty();
            assertThat(state(target)).isEmpty();
        }
        target.importSnapshot(file, StateRootFunction.MERKLE);
        assertThat(target.lastFinalHeight()).hasValue(6);
    }

    @Test
    void stateThatDoesNotMatchTheBlockIsRefused() {
        Path file = dir.resolve("state.snap");
        source.exportSnapshot(file);
        assertThatThrownBy(() -> target.importSnapshot(file, entries -> Hash.ZERO))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.STATE_MISMATCH))
                .hasMessageContaining("nothing was imported");
        assertThat(target.lastFinalHeight()).isEmpty();
        assertThat(state(target)).isEmpty();
    }

    @Test
    void importIntoAStoreThatHoldsAChainIsRefused() {
        Path file = dir.resolve("state.snap");
        source.exportSnapshot(file);
        assertThatThrownBy(() -> source.importSnapshot(file, StateRootFunction.MERKLE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty store");
    }

    @Test
    void exportOverwritesAnOlderSnapshotAndLeavesNoPartialFile() {
        Path file = dir.resolve("state.snap");
        source.exportSnapshot(file);
        commitToBoth(blocks.next(2), false);
        assertThat(source.exportSnapshot(file).height()).isEqualTo(7);
        assertThat(Files.exists(dir.resolve("state.snap.partial"))).isFalse();
    }
}
