package io.bourse.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes to apply together with {@link KeyValueStore#write}. Keys and values are copied
 * in, so the caller may reuse its arrays. A batch is not thread-safe and may be written more than
 * once (each write applies all of it again).
 */
public final class Batch {
    /** One operation; a delete has a null value. */
    record Op(Column column, byte[] key, byte[] value) {
        boolean isDelete() {
            return value == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long bytes;

    public Batch put(Column column, byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        ops.add(new Op(Objects.requireNonNull(column, "column"), Objects.requireNonNull(key, "key").clone(),
                value.clone()));
        bytes += key.length + value.length;
        return this;
    }

    public Batch delete(Column column, byte[] key) {
        ops.add(new Op(Objects.requireNonNull(column, "column"), Objects.requireNonNull(key, "key").clone(), null));
        bytes += key.length;
        return this;
    }

    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Keys plus values, for metrics and sanity limits. */
    public long byteSize() {
        return bytes;
    }

    List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    @Override
    public String toString() {
        return "Batch[" + ops.size() + " operations, " + bytes + " bytes]";
    }
}
