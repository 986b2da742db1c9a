package io.bourse.storage;

import java.nio.file.Path;

class RocksStateSnapshotTest extends AbstractStateSnapshotTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return RocksKeyValueStore.open(dir, RocksOptions.small());
    }
}
