package io.bourse.storage;

/**
 * The store's contents at the moment the snapshot was taken; later writes are invisible to it.
 * Close it when done (RocksDB keeps the data it pins until then). Closing twice is harmless.
 */
public interface Snapshot extends KeyValueReader, AutoCloseable {
    @Override
    void close();
}
