package io.bourse.storage;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksObject;
import org.rocksdb.Statistics;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * Turns {@link RocksOptions} into RocksDB's native option objects and owns them: they must outlive
 * the database and be closed after it, in reverse order of creation.
 */
final class RocksTuning implements AutoCloseable {
    private final List<RocksObject> natives = new ArrayList<>();
    final DBOptions db;
    final ColumnFamilyOptions columns;
    final WriteOptions syncWrite;
    final WriteOptions asyncWrite;
    final Statistics statistics;

    RocksTuning(RocksOptions o) {
        LRUCache cache = own(new LRUCache(o.blockCacheBytes()));
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setBlockSize(16 * 1024)
                .setFormatVersion(5);
        if (o.bloomBitsPerKey() > 0) {
            table.setFilterPolicy(own(new BloomFilter(o.bloomBitsPerKey()))).setWholeKeyFiltering(true);
        }
        statistics = o.statistics() ? own(new Statistics()) : null;
        db = own(new DBOptions())
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxBackgroundJobs(o.maxBackgroundJobs())
                .setMaxOpenFiles(o.maxOpenFiles())
                .setDbWriteBufferSize(o.totalWriteBufferBytes())
                .setMaxTotalWalSize(4 * o.totalWriteBufferBytes())
                .setBytesPerSync(1024 * 1024)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(5);
        if (statistics != null) {
            db.setStatistics(statistics);
        }
        columns = own(new ColumnFamilyOptions())
                .setTableFormatConfig(table)
                .setWriteBufferSize(o.writeBufferBytes())
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionType(type(o.compression()))
                .setBottommostCompressionType(type(o.bottommostCompression()));
        syncWrite = own(new WriteOptions()).setSync(true).setDisableWAL(false);
        asyncWrite = own(new WriteOptions()).setSync(false).setDisableWAL(false);
    }

    private static CompressionType type(RocksOptions.Compression c) {
        return switch (c) {
            case NONE -> CompressionType.NO_COMPRESSION;
            case LZ4 -> CompressionType.LZ4_COMPRESSION;
            case ZSTD -> CompressionType.ZSTD_COMPRESSION;
        };
    }

    private <T extends RocksObject> T own(T object) {
        natives.add(object);
        return object;
    }

    @Override
    public void close() {
        for (int i = natives.size() - 1; i >= 0; i--) {
            natives.get(i).close();
        }
        natives.clear();
    }
}
