package io.bourse.storage;

import io.bourse.core.types.Hash;

/** What a state snapshot file holds: the final block it was taken at and how many state entries. */
public record SnapshotInfo(long height, Hash blockHash, Hash stateRoot, long entries) {
}
