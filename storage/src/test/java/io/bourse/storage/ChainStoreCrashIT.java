package io.bourse.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that commits blocks with SIGKILL at seeded random moments, 20 times, and checks
 * after each kill that every block acknowledged as final is stored, that the stored chain is the
 * one the child was writing, that the stored state equals a replay of those blocks from genesis
 * (and the last block's state root), and that the child carries on after a restart.
 */
// covers: O3
class ChainStoreCrashIT {
    private static final long CHAIN_SEED = 42;
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBlockSurvivesSigkillAndTheStateMatchesAReplay() throws Exception {
        Random random = new Random(20250101L);
        TestChain replay = new TestChain(CHAIN_SEED);
        List<byte[]> replayed = new ArrayList<>();
        replayed.add(replay.genesis().toBytes());
        long previous = -1;
        for (int round = 0; round < KILLS; round++) {
            long acknowledged = runAndKill(1 + random.nextInt(12));
            try (KeyValueStore kv = RocksKeyValueStore.open(dir, RocksOptions.small())) {
                ChainStore chain = new ChainStore(kv);
                long last = chain.lastFinalHeight().orElseThrow();
                assertThat(last).as("round %d: last final height vs acknowledged", round).isGreaterThanOrEqualTo(acknowledged);
                assertThat(last).as("round %d: the child carried on", round).isGreaterThan(previous);
                while (replayed.size() <= last) {
                    replayed.add(replay.next(CrashWriter.TRANSFERS).block().toBytes());
                }
                for (long h = Math.max(0, previous); h <= last; h++) {
                    assertThat(Arrays.equals(chain.block(h).orElseThrow().toBytes(), replayed.get((int) h)))
                            .as("round %d: block %d is the chain's", round, h).isTrue();
                }
                assertThat(chain.block(last + 1)).isEmpty();
                var state = chain.loadState();
                chain.checkStateRoot(state.root());
                assertThat(state.root()).as("round %d: state vs replay", round).isEqualTo(replay.state().root());
                previous = last;
            }
        }
        assertThat(previous).isGreaterThanOrEqualTo(KILLS);
    }

    /**
     * Starts the writer and kills it once it has acknowledged {@code finals} blocks; returns the last
     * height it acknowledged before dying (read from its whole output, so none is missed).
     */
    private long runAndKill(int finals) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolveSibling(dir.getFileName() + "-writer.log");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
                Long.toString(CHAIN_SEED))
                .redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (finals(log) < finals) {
                assertThat(p.isAlive()).as("the writer died on its own").isTrue();
                assertThat(System.nanoTime()).as("the writer made no progress").isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            p.destroyForcibly(); // SIGKILL on Linux
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long acknowledged = -1;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("final ") || line.startsWith("resumed ")) {
                acknowledged = Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
        }
        Files.delete(log);
        return acknowledged;
    }

    private static long finals(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("final ")).count();
        }
    }
}
