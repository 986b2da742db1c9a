package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.config.NodeConfigs;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.genesis.Genesis;
import io.bourse.storage.ChainStore;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.storage.RocksOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need no node: keys, genesis, snapshot, simulate. // covers: O1, O3, C8 */
class LocalCommandsTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void keysNewWritesAnOwnerOnlyFileAndShowPrintsItsAddressButNeverTheSecret() throws Exception {
        Path key = dir.resolve("a.key");
        CliRun created = run("keys", "new", "--out", key.toString());
        assertThat(created.code()).isZero();
        assertThat(Files.getPosixFilePermissions(key))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        String address = KeyFile.read(key, Optional.empty()).address().text();
        CliRun shown = run("keys", "show", key.toString());
        assertThat(shown.code()).isZero();
        assertThat(shown.out()).contains(address).doesNotContain("seed");
        CliRun again = run("keys", "new", "--out", key.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("exists");
    }

    @Test
    void genesisNewWritesAValidGenesisForItsSigners() throws Exception {
        for (String k : List.of("s1", "s2", "s3", "s4", "coin")) {
            assertThat(run("keys", "new", "--out", dir.resolve(k + ".key").toString()).code()).isZero();
        }
        Path genesis = dir.resolve("genesis.json");
        CliRun r = run("genesis", "new", "--chain-id", "cli-test", "--signer", dir.resolve("s1.key").toString(),
                "--signer", dir.resolve("s2.key").toString(), "--signer", dir.resolve("s3.key").toString(),
                "--signer", dir.resolve("s4.key").toString(), "--coin-operator", dir.resolve("coin.key").toString(),
                "--block-time", "0.25", "--out", genesis.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 signers, quorum 3, tolerates 1 faulty");
        Genesis g = Genesis.parse(Files.readString(genesis));
        assertThat(g.parameters().blockGenerationTimeMillis()).isEqualTo(250);
        assertThat(g.parameters().blockGenerator()).isEqualTo(KeyFile.read(dir.resolve("s1.key"), Optional.empty()).publicKey());
    }

    @Test
    void snapshotExportThenImportStartsAnEmptyNodeAtTheSameBlockAndRoot() throws Exception {
        genesisNewWritesAValidGenesisForItsSigners();
        Genesis g = Genesis.parse(Files.readString(dir.resolve("genesis.json")));
        Path from = config("from");
        try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("from-data").resolve("db"), RocksOptions.small())) {
            new ChainStore(kv).commitGenesis(g.block(), g.stateChanges());
        }
        Path snap = dir.resolve("state.snap");
        CliRun exported = run("snapshot", "export", "--config", from.toString(), "--out", snap.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("height 0").contains(g.block().hash().hex());
        CliRun imported = run("snapshot", "import", "--config", config("to").toString(), "--in", snap.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("verified");
        try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("to-data").resolve("db"), RocksOptions.small())) {
            ChainStore store = new ChainStore(kv);
            assertThat(store.lastFinalHeight().getAsLong()).isZero();
            assertThat(store.loadState().root()).isEqualTo(g.block().header().stateRoot());
        }
        CliRun twice = run("snapshot", "import", "--config", config("to").toString(), "--in", snap.toString());
        assertThat(twice.code()).isEqualTo(1);
    }

    private Path config(String name) throws Exception {
        NodeConfig c = new NodeConfig(name, dir.resolve(name + "-data"), dir.resolve("s1.key"), dir.resolve("genesis.json"),
                new HostPort("127.0.0.1", 0), List.of(), 32, new HostPort("127.0.0.1", 0), 1 << 20, false, 100, 10, 8L << 20);
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, NodeConfigs.render(c, dir));
        return f;
    }

    @Test
    void simulateRunsSeedsAndSaysTheyHold() {
        CliRun r = run("simulate", "--seeds", "5", "--from", "11");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("all 5 seeds hold");
        CliRun one = run("simulate", "--seed", "11");
        assertThat(one.code()).isZero();
    }
}
