package io.bourse.storage;

import java.nio.file.Path;

class MemoryKeyValueStoreTest extends AbstractKeyValueStoreTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return new MemoryKeyValueStore();
    }
}
