package io.bourse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RocksKeyValueStoreTest extends AbstractKeyValueStoreTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return RocksKeyValueStore.open(dir, RocksOptions.small());
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    // covers: O3
    @Test
    void secondOpenOfTheSameDirectoryFailsAsLocked() {
        assertThatThrownBy(() -> RocksKeyValueStore.open(dir, RocksOptions.small()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.LOCKED))
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("in use");
        assertThat(store.get(Column.STATE, s("k"))).isEmpty();
    }

    // covers: O3
    @Test
    void damagedManifestFailsAsCorruptAndNotHalfOpen() throws IOException {
        put(Column.STATE, s("k"), s("v"));
        store.close();
        Path manifest;
        try (Stream<Path> files = Files.list(dir)) {
            manifest = files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[(int) Files.size(manifest)];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        Files.write(manifest, garbage);
        assertThatThrownBy(() -> RocksKeyValueStore.open(dir, RocksOptions.small()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CORRUPT))
                .hasMessageContaining("corrupt");
        store = new MemoryKeyValueStore();
    }

    @Test
    void unknownColumnFamilyIsRefusedAsIncompatible() throws Exception {
        Path other = dir.resolve("other");
        try (org.rocksdb.Options o = new org.rocksdb.Options().setCreateIfMissing(true);
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, other.toString())) {
            db.createColumnFamily(new org.rocksdb.ColumnFamilyDescriptor("from-the-future".getBytes())).close();
        }
        assertThatThrownBy(() -> RocksKeyValueStore.open(other, RocksOptions.small()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INCOMPATIBLE))
                .hasMessageContaining("from-the-future");
    }

    @Test
    void statisticsCountReadsAndWrites() {
        put(Column.STATE, s("k"), s("v"));
        store.get(Column.STATE, s("k"));
        Map<String, Long> stats = ((RocksKeyValueStore) store).statistics();
        assertThat(stats).containsKey("rocksdb_bytes_written").containsKey("rocksdb_estimate_num_keys{state}");
        assertThat(stats.get("rocksdb_number_keys_written")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void everyCompressionChoiceOpensAndStores() {
        store.close();
        for (RocksOptions.Compression c : List.of(RocksOptions.Compression.NONE, RocksOptions.Compression.LZ4,
                RocksOptions.Compression.ZSTD)) {
            try (RocksKeyValueStore s = RocksKeyValueStore.open(dir.resolve(c.name()), RocksOptions.small().withCompression(c, c))) {
                s.write(s.newBatch().put(Column.BLOCKS, s("k"), new byte[10_000]), true);
                assertThat(s.get(Column.BLOCKS, s("k")).orElseThrow()).hasSize(10_000);
            }
        }
        store = new MemoryKeyValueStore();
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> RocksOptions.defaults().withBlockCacheBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block cache");
    }
}
