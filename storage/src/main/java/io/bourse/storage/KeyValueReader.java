package io.bourse.storage;

import java.util.Optional;
import java.util.function.BiPredicate;

/** Reads from a store, either its current contents or a {@link Snapshot}. */
public interface KeyValueReader {

    /** The value under {@code key}, a fresh copy. */
    Optional<byte[]> get(Column column, byte[] key);

    /**
     * Visits every entry whose key starts with {@code prefix} (all of the column when empty), in
     * unsigned lexicographic key order, until the visitor returns {@code false}. The arrays handed
     * to the visitor are fresh copies. A scan over the live store may or may not see writes made
     * while it runs; scan a {@link Snapshot} for a consistent view.
     */
    void scan(Column column, byte[] prefix, BiPredicate<byte[], byte[]> visitor);
}
