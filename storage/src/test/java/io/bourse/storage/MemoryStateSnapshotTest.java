package io.bourse.storage;

import java.nio.file.Path;

class MemoryStateSnapshotTest extends AbstractStateSnapshotTest {
    @Override
    protected KeyValueStore open(Path dir) {
        return new MemoryKeyValueStore();
    }
}
