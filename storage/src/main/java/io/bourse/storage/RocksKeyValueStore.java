package io.bourse.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.TickerType;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link KeyValueStore}: one RocksDB database per directory, one column family per
 * {@link Column}, tuned by {@link RocksOptions}. This is the only class (with its package-private
 * helpers) that sees RocksDB.
 *
 * <p>Lifecycle: every operation holds a shared lock and {@link #close()} the exclusive one, so a
 * close never frees native memory under a running read, write or scan.
 */
public final class RocksKeyValueStore implements KeyValueStore {
    private static final Logger LOG = LoggerFactory.getLogger(RocksKeyValueStore.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksTuning tuning;
    private final RocksDB db;
    private final EnumMap<Column, ColumnFamilyHandle> handles;
    private final List<ColumnFamilyHandle> allHandles;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Set<RocksSnapshot> openSnapshots = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RocksKeyValueStore(Path dir, RocksTuning tuning, RocksDB db, List<ColumnFamilyHandle> allHandles) {
        this.dir = dir;
        this.tuning = tuning;
        this.db = db;
        this.allHandles = allHandles;
        this.handles = new EnumMap<>(Column.class);
        // RocksDB returns the handles in the order of the descriptors open() passed: the default
        // family first, then one per Column in values() order. Only names are persisted.
        int i = 1;
        for (Column c : Column.values()) {
            handles.put(c, allHandles.get(i++));
        }
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws StorageException LOCKED when another process or store holds the directory, CORRUPT when
     *     a file is damaged, INCOMPATIBLE when it holds column families this version does not know
     */
    public static RocksKeyValueStore open(Path dir, RocksOptions options) {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.IO, "cannot create the storage directory " + abs + ": " + e, e);
        }
        RocksTuning tuning = new RocksTuning(options);
        try {
            checkKnownFamilies(abs);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.columns));
            for (Column c : Column.values()) {
                descriptors.add(new ColumnFamilyDescriptor(c.familyName().getBytes(StandardCharsets.UTF_8), tuning.columns));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(tuning.db, abs.toString(), descriptors, handles);
            LOG.info("opened storage at {}", abs);
            return new RocksKeyValueStore(abs, tuning, db, handles);
        } catch (RocksDBException e) {
            tuning.close();
            throw RocksErrors.wrap("open the store", abs, e);
        } catch (RuntimeException e) {
            tuning.close();
            throw e;
        }
    }

    private static void checkKnownFamilies(Path dir) throws RocksDBException {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return;
        }
        List<byte[]> existing;
        try (Options o = new Options()) {
            existing = RocksDB.listColumnFamilies(o, dir.toString());
        }
        Set<String> known = new HashSet<>();
        known.add("default");
        for (Column c : Column.values()) {
            known.add(c.familyName());
        }
        for (byte[] name : existing) {
            String n = new String(name, StandardCharsets.UTF_8);
            if (!known.contains(n)) {
                throw new StorageException(StorageException.Kind.INCOMPATIBLE, "the store at " + dir
                        + " has a column family '" + n + "' this version of Bourse does not know;"
                        + " it was written by a newer version");
            }
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
        return read(() -> Optional.ofNullable(db.get(handles.get(column), key)), "read");
    }

    @Override
    public void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        read(() -> {
            try (ReadOptions ro = new ReadOptions()) {
                scan(ro, column, prefix, visitor);
            }
            return null;
        }, "scan");
    }

    private void scan(ReadOptions ro, Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor)
            throws RocksDBException {
        Slice upper = KeyRange.upperBound(prefix).map(Slice::new).orElse(null);
        try {
            if (upper != null) {
                ro.setIterateUpperBound(upper);
            }
            try (RocksIterator it = db.newIterator(handles.get(column), ro)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (!KeyRange.startsWith(key, prefix) || !visitor.test(key, it.value())) {
                        break;
                    }
                }
                it.status();
            }
        } finally {
            if (upper != null) {
                upper.close();
            }
        }
    }

    @Override
    public void write(Batch batch, boolean sync) {
        read(() -> {
            try (WriteBatch wb = new WriteBatch()) {
                for (Batch.Op op : batch.ops()) {
                    if (op.isDelete()) {
                        wb.delete(handles.get(op.column()), op.key());
                    } else {
                        wb.put(handles.get(op.column()), op.key(), op.value());
                    }
                }
                db.write(sync ? tuning.syncWrite : tuning.asyncWrite, wb);
            }
            return null;
        }, "write");
    }

    @Override
    public Snapshot snapshot() {
        return read(() -> {
            RocksSnapshot s = new RocksSnapshot(db.getSnapshot());
            openSnapshots.add(s);
            return s;
        }, "take a snapshot");
    }

    /**
     * RocksDB's counters (block cache hits and misses, Bloom filter savings, bytes written, WAL
     * syncs, stalls …) as {@code rocksdb_<ticker>} and a few size estimates per column as
     * {@code rocksdb_<property>{column}}, for the node's metrics. Empty counters are left out.
     */
    public Map<String, Long> statistics() {
        return read(() -> {
            Map<String, Long> out = new TreeMap<>();
            if (tuning.statistics != null) {
                for (TickerType t : TickerType.values()) {
                    if (t != TickerType.TICKER_ENUM_MAX) {
                        long v = tuning.statistics.getTickerCount(t);
                        if (v != 0) {
                            out.put("rocksdb_" + t.name().toLowerCase(Locale.ROOT), v);
                        }
                    }
                }
            }
            for (Column c : Column.values()) {
                for (String p : List.of("estimate-num-keys", "total-sst-files-size", "cur-size-all-mem-tables")) {
                    out.put("rocksdb_" + p.replace('-', '_') + "{" + c.familyName() + "}",
                            db.getLongProperty(handles.get(c), "rocksdb." + p));
                }
            }
            out.put("rocksdb_block_cache_usage", db.getLongProperty("rocksdb.block-cache-usage"));
            return out;
        }, "read statistics");
    }

    @Override
    public void close() {
        if (lifecycle.getReadHoldCount() > 0) {
            throw new IllegalStateException("a store cannot be closed from inside one of its own scans");
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            List.copyOf(openSnapshots).forEach(RocksSnapshot::release);
            allHandles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw RocksErrors.wrap("close the store", dir, e);
            } finally {
                tuning.close();
                LOG.info("closed storage at {}", dir);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** A RocksDB call that may throw; run under the shared lock, with errors wrapped. */
    private interface RocksCall<T> {
        T call() throws RocksDBException;
    }

    private <T> T read(RocksCall<T> call, String action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StorageException(StorageException.Kind.CLOSED, "cannot " + action + ": the store at " + dir
                        + " is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw RocksErrors.wrap(action, dir, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private final class RocksSnapshot implements Snapshot {
        private final org.rocksdb.Snapshot snapshot;
        private final ReadOptions readOptions;
        private boolean released;

        RocksSnapshot(org.rocksdb.Snapshot snapshot) {
            this.snapshot = snapshot;
            this.readOptions = new ReadOptions().setSnapshot(snapshot);
        }

        @Override
        public Optional<byte[]> get(Column column, byte[] key) {
            return read(() -> {
                checkOpen();
                return Optional.ofNullable(db.get(handles.get(column), readOptions, key));
            }, "read a snapshot");
        }

        @Override
        public void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
            read(() -> {
                checkOpen();
                try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
                    RocksKeyValueStore.this.scan(ro, column, prefix, visitor);
                }
                return null;
            }, "scan a snapshot");
        }

        private synchronized void checkOpen() {
            if (released) {
                throw new StorageException(StorageException.Kind.CLOSED, "the snapshot of " + dir + " is closed");
            }
        }

        @Override
        public void close() {
            lifecycle.readLock().lock();
            try {
                if (!closed) {
                    release();
                }
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        /** Caller holds the lifecycle lock (either mode). */
        synchronized void release() {
            if (!released) {
                released = true;
                openSnapshots.remove(this);
                db.releaseSnapshot(snapshot);
                readOptions.close();
            }
        }
    }
}
