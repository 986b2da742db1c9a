package io.bourse.consensus;

import java.util.Optional;

/**
 * Durable memory of what this signer signed (C8). {@link #save} must be durable (fsync'd) when it
 * returns: the engine calls it before it emits the message it just signed, so a signer restarted
 * at any instant never signs a second block at a (height, round). The node stores
 * {@link JournalEntry#toBytes()}; only the latest entry matters.
 */
public interface SigningJournal {
    Optional<JournalEntry> load();

    void save(JournalEntry entry);

    /** In memory: tests, the simulator (which keeps it across a simulated crash) and observers. */
    final class InMemory implements SigningJournal {
        private Optional<JournalEntry> entry = Optional.empty();
        private int saves;

        public Optional<JournalEntry> load() {
            return entry;
        }

        public void save(JournalEntry e) {
            entry = Optional.of(e);
            saves++;
        }

        public int saves() {
            return saves;
        }
    }
}
