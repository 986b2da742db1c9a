package io.bourse.node.chain;

import io.bourse.consensus.JournalEntry;
import io.bourse.consensus.SigningJournal;
import io.bourse.storage.ChainStore;
import java.util.Optional;

/** The signing journal in the store's CONSENSUS column, written with a synced write before any signed message leaves (C8). */
public final class StoredJournal implements SigningJournal {
    private static final String NAME = "signing";
    private final ChainStore store;

    public StoredJournal(ChainStore store) {
        this.store = store;
    }

    @Override
    public Optional<JournalEntry> load() {
        return store.journal(NAME).map(JournalEntry::fromBytes);
    }

    @Override
    public void save(JournalEntry entry) {
        store.putJournal(NAME, entry.toBytes());
    }
}
