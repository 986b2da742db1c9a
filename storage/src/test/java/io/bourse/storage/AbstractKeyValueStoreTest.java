package io.bourse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link KeyValueStore}; one subclass per implementation.
 */
// covers: O3
abstract class AbstractKeyValueStoreTest {
    @TempDir
    Path dir;
    KeyValueStore store;

    /** A store in {@code dir}; opening the same directory again must find what was written. */
    protected abstract KeyValueStore open(Path dir);

    /** Whether {@link #open} on the same directory finds earlier writes. */
    protected boolean persistent() {
        return false;
    }

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    static byte[] s(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    void put(Column c, byte[] k, byte[] v) {
        store.write(store.newBatch().put(c, k, v), true);
    }

    static List<String> keys(KeyValueReader r, Column c, byte[] prefix) {
        List<String> out = new ArrayList<>();
        r.scan(c, prefix, (k, v) -> out.add(HexFormat.of().formatHex(k)));
        return out;
    }

    @Test
    void getReturnsWhatWasPutAndEmptyForMissingKeys() {
        put(Column.STATE, s("k"), s("v"));
        assertThat(store.get(Column.STATE, s("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(s("v")));
        assertThat(store.get(Column.STATE, s("other"))).isEmpty();
    }

    @Test
    void putOverwritesAndDeleteRemoves() {
        put(Column.META, s("k"), s("1"));
        put(Column.META, s("k"), s("2"));
        assertThat(store.get(Column.META, s("k")).orElseThrow()).isEqualTo(s("2"));
        store.write(store.newBatch().delete(Column.META, s("k")), true);
        assertThat(store.get(Column.META, s("k"))).isEmpty();
        store.write(store.newBatch().delete(Column.META, s("never-there")), true);
    }

    @Test
    void columnsAreSeparateKeySpaces() {
        put(Column.BLOCKS, s("k"), s("block"));
        put(Column.RECEIPTS, s("k"), s("receipt"));
        for (Column c : Column.values()) {
            if (c != Column.BLOCKS && c != Column.RECEIPTS) {
                assertThat(store.get(c, s("k"))).as(c.name()).isEmpty();
            }
        }
        assertThat(store.get(Column.BLOCKS, s("k")).orElseThrow()).isEqualTo(s("block"));
    }

    @Test
    void emptyKeysAndValuesAreStored() {
        put(Column.STATE, new byte[0], new byte[0]);
        assertThat(store.get(Column.STATE, new byte[0])).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void callersCannotChangeStoredBytesThroughTheirArrays() {
        byte[] key = s("k");
        byte[] value = s("v");
        Batch batch = store.newBatch().put(Column.STATE, key, value);
        value[0] = 'x';
        key[0] = 'x';
        store.write(batch, true);
        byte[] read = store.get(Column.STATE, s("k")).orElseThrow();
        read[0] = 'y';
        assertThat(store.get(Column.STATE, s("k")).orElseThrow()).isEqualTo(s("v"));
    }

    @Test
    void batchAppliesItsOperationsInOrder() {
        store.write(store.newBatch()
                .put(Column.STATE, s("a"), s("1")).delete(Column.STATE, s("a"))
                .delete(Column.STATE, s("b")).put(Column.STATE, s("b"), s("2"))
                .put(Column.STATE, s("c"), s("1")).put(Column.STATE, s("c"), s("3")), true);
        assertThat(store.get(Column.STATE, s("a"))).isEmpty();
        assertThat(store.get(Column.STATE, s("b")).orElseThrow()).isEqualTo(s("2"));
        assertThat(store.get(Column.STATE, s("c")).orElseThrow()).isEqualTo(s("3"));
    }

    @Test
    void batchNotWrittenChangesNothing() {
        store.newBatch().put(Column.STATE, s("a"), s("1"));
        assertThat(store.get(Column.STATE, s("a"))).isEmpty();
    }

    @Test
    void concurrentReadersSeeAllOfABatchOrNoneOfIt() throws Exception {
        int rounds = 300;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && violation.get() == null) {
                try (Snapshot snap = store.snapshot()) {
                    Optional<byte[]> a = snap.get(Column.STATE, s("a"));
                    Optional<byte[]> m = snap.get(Column.META, s("height"));
                    List<String> scanned = keys(snap, Column.RECEIPTS, new byte[0]);
                    String left = a.map(String::new).orElse("-");
                    if (!left.equals(m.map(String::new).orElse("-"))
                            || scanned.size() != (a.isEmpty() ? 0 : Integer.parseInt(left) % 7 + 1)) {
                        violation.set("a=" + left + " meta=" + m.map(String::new).orElse("-") + " receipts=" + scanned);
                    }
                }
            }
        });
        reader.start();
        for (int i = 0; i < rounds; i++) {
            Batch batch = store.newBatch().put(Column.STATE, s("a"), s(Integer.toString(i)));
            store.scan(Column.RECEIPTS, new byte[0], (k, v) -> {
                batch.delete(Column.RECEIPTS, k);
                return true;
            });
            for (int r = 0; r <= i % 7; r++) {
                batch.put(Column.RECEIPTS, b(r), s("r"));
            }
            batch.put(Column.META, s("height"), s(Integer.toString(i)));
            store.write(batch, i % 10 == 0);
        }
        done.set(true);
        reader.join(30_000);
        assertThat(violation.get()).isNull();
    }

    @Test
    void scanVisitsKeysInUnsignedByteOrder() {
        List<byte[]> keys = List.of(b(0x80), b(0x00), b(0xFF), b(0x7F), b(0x01, 0x00), b(0x01), b(0xFF, 0x00), b());
        for (byte[] k : keys) {
            put(Column.STATE, k, s("v"));
        }
        assertThat(keys(store, Column.STATE, new byte[0]))
                .containsExactly("", "00", "01", "0100", "7f", "80", "ff", "ff00");
    }

    @Test
    void scanStaysWithinThePrefix() {
        for (byte[] k : List.of(b(0x00, 0xFF), b(0x01), b(0x01, 0x00), b(0x01, 0xFF, 0xFF), b(0x02), b(0x02, 0x00))) {
            put(Column.STATE, k, s("v"));
        }
        put(Column.META, b(0x01, 0x05), s("other column"));
        assertThat(keys(store, Column.STATE, b(0x01))).containsExactly("01", "0100", "01ffff");
        assertThat(keys(store, Column.STATE, b(0x01, 0xFF))).containsExactly("01ffff");
        assertThat(keys(store, Column.STATE, b(0x03))).isEmpty();
    }

    @Test
    void scanHandlesPrefixesOfAll0xFFBytes() {
        for (byte[] k : List.of(b(0xFE, 0xFF), b(0xFF), b(0xFF, 0x00), b(0xFF, 0xFF), b(0xFF, 0xFF, 0x00),
                b(0xFF, 0xFF, 0xFF, 0xFF))) {
            put(Column.STATE, k, s("v"));
        }
        assertThat(keys(store, Column.STATE, b(0xFF))).containsExactly("ff", "ff00", "ffff", "ffff00", "ffffffff");
        assertThat(keys(store, Column.STATE, b(0xFF, 0xFF))).containsExactly("ffff", "ffff00", "ffffffff");
        assertThat(keys(store, Column.STATE, b(0xFE))).containsExactly("feff");
    }

    @Test
    void scanStopsWhenTheVisitorSaysSo() {
        for (int i = 0; i < 10; i++) {
            put(Column.STATE, b(i), b(i));
        }
        List<Integer> seen = new ArrayList<>();
        store.scan(Column.STATE, new byte[0], (k, v) -> {
            seen.add((int) v[0]);
            return seen.size() < 3;
        });
        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void snapshotIgnoresLaterWrites() {
        put(Column.STATE, s("a"), s("1"));
        put(Column.STATE, s("b"), s("1"));
        try (Snapshot snap = store.snapshot()) {
            store.write(store.newBatch().put(Column.STATE, s("a"), s("2")).delete(Column.STATE, s("b"))
                    .put(Column.STATE, s("c"), s("2")), true);
            assertThat(snap.get(Column.STATE, s("a")).orElseThrow()).isEqualTo(s("1"));
            assertThat(snap.get(Column.STATE, s("b"))).isPresent();
            assertThat(snap.get(Column.STATE, s("c"))).isEmpty();
            assertThat(keys(snap, Column.STATE, new byte[0])).containsExactly("61", "62");
        }
        assertThat(keys(store, Column.STATE, new byte[0])).containsExactly("61", "63");
    }

    @Test
    void closedSnapshotRefusesReadsAndClosesTwiceHarmlessly() {
        Snapshot snap = store.snapshot();
        snap.close();
        snap.close();
        assertThatThrownBy(() -> snap.get(Column.STATE, s("a")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CLOSED));
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseFailsClearly() {
        Snapshot open = store.snapshot();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get(Column.STATE, s("a")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CLOSED))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.write(store.newBatch().put(Column.STATE, s("a"), s("1")), true))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> open.get(Column.STATE, s("a"))).isInstanceOf(StorageException.class);
        open.close();
    }

    @Test
    void reopenFindsEveryWrittenBatch() {
        assumeTrue(persistent(), "only a persistent store survives a reopen");
        put(Column.BLOCKS, b(0, 0, 0, 1), s("block 1"));
        store.write(store.newBatch().put(Column.STATE, s("k"), s("async")), false);
        store.write(store.newBatch().put(Column.STATE, s("gone"), s("x")).delete(Column.STATE, s("gone")), true);
        store.close();
        store = open(dir);
        assertThat(store.get(Column.BLOCKS, b(0, 0, 0, 1)).orElseThrow()).isEqualTo(s("block 1"));
        assertThat(store.get(Column.STATE, s("k")).orElseThrow()).isEqualTo(s("async"));
        assertThat(store.get(Column.STATE, s("gone"))).isEmpty();
    }

    @Test
    void agreesWithASortedMapOverRandomOperations() {
        Random random = new Random(20240605L);
        Map<Column, TreeMap<byte[], byte[]>> reference = new java.util.EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            reference.put(c, new TreeMap<>(Arrays::compareUnsigned));
        }
        for (int round = 0; round < 200; round++) {
            Batch batch = store.newBatch();
            for (int i = 0, n = random.nextInt(8); i < n; i++) {
                Column c = Column.values()[random.nextInt(3)];
                byte[] key = randomKey(random);
                if (random.nextInt(4) == 0) {
                    batch.delete(c, key);
                    reference.get(c).remove(key);
                } else {
                    byte[] value = randomKey(random);
                    batch.put(c, key, value);
                    reference.get(c).put(key, value);
                }
            }
            store.write(batch, false);
            Column c = Column.values()[random.nextInt(3)];
            byte[] prefix = Arrays.copyOf(randomKey(random), random.nextInt(3));
            List<String> expected = new ArrayList<>();
            reference.get(c).forEach((k, v) -> {
                if (KeyRange.startsWith(k, prefix)) {
                    expected.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v));
                }
            });
            List<String> actual = new ArrayList<>();
            store.scan(c, prefix, (k, v) -> actual.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v)));
            assertThat(actual).as("round %d scan of %s", round, HexFormat.of().formatHex(prefix)).isEqualTo(expected);
            byte[] probe = randomKey(random);
            assertThat(store.get(c, probe).map(HexFormat.of()::formatHex))
                    .isEqualTo(Optional.ofNullable(reference.get(c).get(probe)).map(HexFormat.of()::formatHex));
        }
    }

    /** Short keys over a small alphabet with 0x00 and 0xFF, so prefixes and collisions are common. */
    private static byte[] randomKey(Random random) {
        int[] alphabet = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
        byte[] k = new byte[1 + random.nextInt(3)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) alphabet[random.nextInt(alphabet.length)];
        }
        return k;
    }
}
