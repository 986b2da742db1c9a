package io.bourse.storage;

import java.util.Locale;

/**
 * The key spaces of a store: one RocksDB column family each. Key and value layouts are in
 * docs/storage.md; {@link ChainStore} is the only writer of all but {@link #CONTRACT_STORAGE}.
 */
public enum Column {
    /** u64 height → block bytes. */
    BLOCKS,
    /** block hash (32) → u64 height. */
    BLOCK_INDEX,
    /** u64 height → bytes of the quorum certificate that made the block at that height final. */
    CERTIFICATES,
    /** commitment id (32) → u64 height | u32 index of its first inclusion. */
    COMMITMENTS,
    /** u64 height | u32 index → receipt bytes. */
    RECEIPTS,
    /** state key → value: the ledger's state after the last final block. */
    STATE,
    /** Reserved for contract-vm data outside the state root (the state root covers STATE only). */
    CONTRACT_STORAGE,
    /** UTF-8 name → value: the last final height, the storage format, node settings. */
    META,
    /** UTF-8 name → value: the consensus journal (locks, last votes), written before acting on it. */
    CONSENSUS;

    /** The RocksDB column family name; never change one, or existing stores stop opening. */
    public String familyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
