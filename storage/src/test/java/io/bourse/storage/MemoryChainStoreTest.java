package io.bourse.storage;

import java.nio.file.Path;

class MemoryChainStoreTest extends AbstractChainStoreTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return new MemoryKeyValueStore();
    }
}
