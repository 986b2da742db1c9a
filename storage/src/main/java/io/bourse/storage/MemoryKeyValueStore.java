package io.bourse.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A {@link KeyValueStore} in sorted maps, for tests and simulations. Writes take one lock, so a
 * batch is atomic for readers; a snapshot is a full copy (fine at test sizes). A scan copies the
 * matching range under the lock and visits it outside, so a visitor may write to the store.
 */
public final class MemoryKeyValueStore implements KeyValueStore {
    private final Object lock = new Object();
    private final EnumMap<Column, TreeMap<byte[], byte[]>> columns = emptyColumns();
    private final Set<CopySnapshot> openSnapshots = new HashSet<>();
    private boolean closed;

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
        synchronized (lock) {
            checkOpen();
            return copyOf(columns.get(column).get(key));
        }
    }

    @Override
    public void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        List<Map.Entry<byte[], byte[]>> range;
        synchronized (lock) {
            checkOpen();
            range = new ArrayList<>(range(columns.get(column), prefix).entrySet());
        }
        visit(range, visitor);
    }

    @Override
    public void write(Batch batch, boolean sync) {
        synchronized (lock) {
            checkOpen();
            for (Batch.Op op : batch.ops()) {
                TreeMap<byte[], byte[]> map = columns.get(op.column());
                if (op.isDelete()) {
                    map.remove(op.key());
                } else {
                    map.put(op.key(), op.value());
                }
            }
        }
    }

    @Override
    public Snapshot snapshot() {
        EnumMap<Column, TreeMap<byte[], byte[]>> copy = emptyColumns();
        synchronized (lock) {
            checkOpen();
            columns.forEach((c, map) -> copy.get(c).putAll(map));
            CopySnapshot snapshot = new CopySnapshot(copy);
            openSnapshots.add(snapshot);
            return snapshot;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            columns.values().forEach(TreeMap::clear);
            List.copyOf(openSnapshots).forEach(CopySnapshot::close);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException(StorageException.Kind.CLOSED, "the in-memory store is closed");
        }
    }

    private static EnumMap<Column, TreeMap<byte[], byte[]>> emptyColumns() {
        EnumMap<Column, TreeMap<byte[], byte[]>> m = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            m.put(c, new TreeMap<>(Arrays::compareUnsigned));
        }
        return m;
    }

    private static NavigableMap<byte[], byte[]> range(TreeMap<byte[], byte[]> map, byte[] prefix) {
        return KeyRange.upperBound(prefix)
                .map(hi -> map.subMap(prefix, true, hi, false))
                .orElseGet(() -> map.tailMap(prefix, true));
    }

    private static void visit(List<Map.Entry<byte[], byte[]>> range, BiPredicate<byte[], byte[]> visitor) {
        for (Map.Entry<byte[], byte[]> e : range) {
            if (!visitor.test(e.getKey().clone(), e.getValue().clone())) {
                return;
            }
        }
    }

    private static Optional<byte[]> copyOf(byte[] v) {
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** An immutable copy of every column. */
    private final class CopySnapshot implements Snapshot {
        private final EnumMap<Column, TreeMap<byte[], byte[]>> columns;
        private volatile boolean closed;

        CopySnapshot(EnumMap<Column, TreeMap<byte[], byte[]>> columns) {
            this.columns = columns;
        }

        @Override
        public Optional<byte[]> get(Column column, byte[] key) {
            checkOpen();
            return copyOf(columns.get(column).get(key));
        }

        @Override
        public void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
            checkOpen();
            visit(new ArrayList<>(range(columns.get(column), prefix).entrySet()), visitor);
        }

        @Override
        public void close() {
            closed = true;
            synchronized (lock) {
                openSnapshots.remove(this);
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new StorageException(StorageException.Kind.CLOSED, "the snapshot is closed");
            }
        }
    }
}
