package io.bourse.storage;

/**
 * The storage port: a sorted key-value store with column families, atomic batches, prefix scans
 * and point-in-time snapshots. Implementations: {@link RocksKeyValueStore} (durable) and
 * {@link MemoryKeyValueStore} (tests, simulations). All methods are thread-safe.
 *
 * <p>Keys order unsigned-lexicographically within a column. Failures surface as
 * {@link StorageException}, never as a library exception and never as a process exit; any use after
 * {@link #close()} fails with {@link StorageException.Kind#CLOSED}.
 */
public interface KeyValueStore extends KeyValueReader, AutoCloseable {

    /** A new, empty batch; nothing happens until {@link #write}. */
    default Batch newBatch() {
        return new Batch();
    }

    /**
     * Applies every operation of {@code batch} atomically, in order: readers and a restart after a
     * crash see all of them or none. With {@code sync} the call returns only after the batch is on
     * stable storage (an fsync of the write-ahead log); without it a crash of the machine (not of the
     * process) may lose the latest batches, but never part of one.
     */
    void write(Batch batch, boolean sync);

    Snapshot snapshot();

    /** Releases the store and its files; open snapshots are released too. Closing twice is harmless. */
    @Override
    void close();
}
