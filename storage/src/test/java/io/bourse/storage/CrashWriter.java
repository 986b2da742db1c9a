package io.bourse.storage;

import io.bourse.core.block.Block;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link ChainStoreCrashIT}: opens the store, resumes the deterministic
 * {@link TestChain} of the given seed after the last final height (checking the stored blocks are
 * that chain's), and commits blocks until killed, printing {@code final <height>} after each commit
 * returns, that is, after the block is acknowledged as final.
 */
public final class CrashWriter {
    static final int TRANSFERS = 20;

    private CrashWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        try (KeyValueStore kv = RocksKeyValueStore.open(dir, RocksOptions.small())) {
            ChainStore chain = new ChainStore(kv);
            TestChain blocks = new TestChain(seed);
            if (chain.lastFinalHeight().isEmpty()) {
                chain.commitGenesis(blocks.genesis(), blocks.genesisState());
            }
            long last = chain.lastFinalHeight().orElseThrow();
            for (long h = 1; h <= last; h++) {
                Block replayed = blocks.next(TRANSFERS).block();
                if (!Arrays.equals(replayed.toBytes(), chain.block(h).orElseThrow().toBytes())) {
                    throw new IllegalStateException("stored block " + h + " is not the test chain's");
                }
            }
            System.out.println("resumed " + last);
            System.out.flush();
            while (true) {
                TestChain.Step s = blocks.next(TRANSFERS);
                chain.commit(s.block(), s.qc(), s.receipts(), s.changes());
                System.out.println("final " + s.block().height());
                System.out.flush();
            }
        }
    }
}
