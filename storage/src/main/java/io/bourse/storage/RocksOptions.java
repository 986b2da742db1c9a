package io.bourse.storage;

/**
 * Every RocksDB setting Bourse exposes, in one place (node configuration maps onto this record).
 * What is not here is fixed on purpose: the write-ahead log is always on and synced on every
 * commit (O3), paranoid checks are on, keys order bytewise.
 *
 * @param blockCacheBytes LRU cache for data, index and filter blocks, shared by all columns
 * @param bloomBitsPerKey bits per key of the whole-key Bloom filter that spares disk reads on point
 *     lookups of absent keys (block by hash, commitment by id, state); 0 disables it
 * @param compression for all levels but the last
 * @param bottommostCompression for the last level, where most data lives
 * @param writeBufferBytes memtable size per column before it is flushed
 * @param totalWriteBufferBytes cap on all memtables together
 * @param maxBackgroundJobs flush and compaction threads
 * @param maxOpenFiles table files kept open, -1 for all
 * @param statistics collect the counters {@link RocksKeyValueStore#statistics()} reports (a few
 *     percent of throughput)
 */
public record RocksOptions(long blockCacheBytes, int bloomBitsPerKey, Compression compression,
                           Compression bottommostCompression, long writeBufferBytes, long totalWriteBufferBytes,
                           int maxBackgroundJobs, int maxOpenFiles, boolean statistics) {

    public enum Compression { NONE, LZ4, ZSTD }

    private static final long MB = 1024 * 1024;

    public RocksOptions {
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("storage block cache must not be negative, got " + blockCacheBytes);
        }
        if (bloomBitsPerKey < 0 || bloomBitsPerKey > 32) {
            throw new IllegalArgumentException("storage bloom bits per key must be 0 to 32, got " + bloomBitsPerKey);
        }
        if (compression == null || bottommostCompression == null) {
            throw new IllegalArgumentException("storage compression must be NONE, LZ4 or ZSTD");
        }
        if (writeBufferBytes < 64 * 1024 || totalWriteBufferBytes < writeBufferBytes) {
            throw new IllegalArgumentException("storage write buffer must be at least 64 KiB and no larger than the"
                    + " total write buffer, got " + writeBufferBytes + " and " + totalWriteBufferBytes);
        }
        if (maxBackgroundJobs < 1 || maxBackgroundJobs > 64) {
            throw new IllegalArgumentException("storage background jobs must be 1 to 64, got " + maxBackgroundJobs);
        }
        if (maxOpenFiles != -1 && maxOpenFiles < 16) {
            throw new IllegalArgumentException("storage max open files must be -1 or at least 16, got " + maxOpenFiles);
        }
    }

    /** For a node: 256 MiB cache, 10-bit Bloom filters (about 1% false positives), LZ4 then ZSTD. */
    public static RocksOptions defaults() {
        return new RocksOptions(256 * MB, 10, Compression.LZ4, Compression.ZSTD, 64 * MB, 256 * MB, 4, 4096, true);
    }

    /** Small buffers and cache, for tests and tools that open many stores. */
    public static RocksOptions small() {
        return new RocksOptions(8 * MB, 10, Compression.LZ4, Compression.ZSTD, 2 * MB, 16 * MB, 2, 256, true);
    }

    public RocksOptions withBlockCacheBytes(long bytes) {
        return new RocksOptions(bytes, bloomBitsPerKey, compression, bottommostCompression, writeBufferBytes,
                totalWriteBufferBytes, maxBackgroundJobs, maxOpenFiles, statistics);
    }

    public RocksOptions withCompression(Compression upper, Compression bottommost) {
        return new RocksOptions(blockCacheBytes, bloomBitsPerKey, upper, bottommost, writeBufferBytes,
                totalWriteBufferBytes, maxBackgroundJobs, maxOpenFiles, statistics);
    }

    public RocksOptions withStatistics(boolean on) {
        return new RocksOptions(blockCacheBytes, bloomBitsPerKey, compression, bottommostCompression, writeBufferBytes,
                totalWriteBufferBytes, maxBackgroundJobs, maxOpenFiles, on);
    }
}
