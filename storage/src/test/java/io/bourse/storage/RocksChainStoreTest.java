package io.bourse.storage;

import java.nio.file.Path;

class RocksChainStoreTest extends AbstractChainStoreTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return RocksKeyValueStore.open(dir, RocksOptions.small());
    }

    @Override
    protected boolean persistent() {
        return true;
    }
}
