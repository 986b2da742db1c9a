package io.bourse.storage;

import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Maps RocksDB's errors to a {@link StorageException} whose message tells the operator what to do. */
final class RocksErrors {
    private RocksErrors() {
    }

    static StorageException wrap(String action, Path dir, RocksDBException e) {
        Status s = e.getStatus();
        String detail = e.getMessage() == null ? String.valueOf(s) : e.getMessage();
        String lower = detail.toLowerCase(Locale.ROOT);
        Status.Code code = s == null ? Status.Code.Undefined : s.getCode();
        if (code == Status.Code.Corruption) {
            return new StorageException(StorageException.Kind.CORRUPT, "cannot " + action + ": the store at " + dir
                    + " is corrupt (" + detail + "); restore it from a snapshot or resync from peers", e);
        }
        if ((s != null && s.getSubCode() == Status.SubCode.NoSpace) || lower.contains("no space left")) {
            return new StorageException(StorageException.Kind.NO_SPACE, "cannot " + action + ": the disk holding "
                    + dir + " is full (" + detail + "); nothing of the failed write was kept", e);
        }
        if (code == Status.Code.IOError && lower.contains("lock")) {
            return new StorageException(StorageException.Kind.LOCKED, "cannot " + action + ": the store at " + dir
                    + " is in use by another process (or is already open in this one); stop it first (" + detail + ")", e);
        }
        return new StorageException(StorageException.Kind.IO, "cannot " + action + " at " + dir + ": " + detail, e);
    }
}
