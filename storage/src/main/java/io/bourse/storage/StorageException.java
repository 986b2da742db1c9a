package io.bourse.storage;

/**
 * Every storage failure, with a kind the node can act on (all of them mean: stop cleanly and tell
 * the operator; none is retried inside this module). The message names the directory and the cause.
 */
public final class StorageException extends RuntimeException {
    public enum Kind {
        /** Another process (or another open store in this one) holds the directory's lock. */
        LOCKED,
        /** A file is damaged; restore from a snapshot or a peer. */
        CORRUPT,
        /** The disk is full; the failed write left nothing behind. */
        NO_SPACE,
        /** The store was written by an incompatible version of Bourse. */
        INCOMPATIBLE,
        /** The stored state does not match the chain it belongs to. */
        STATE_MISMATCH,
        /** The store (or snapshot) is closed. */
        CLOSED,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
