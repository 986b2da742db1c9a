package io.bourse.cli;

import io.bourse.config.NodeConfig;
import io.bourse.config.NodeConfigs;
import io.bourse.storage.ChainStore;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.storage.RocksOptions;
import io.bourse.storage.SnapshotInfo;
import io.bourse.storage.StateRootFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * State snapshots (O3): export a stopped node's state at its last final block, or start a new
 * node's empty data directory from one, verified against the block's state root. The node must be
 * stopped: RocksDB allows one process per directory.
 */
@Command(name = "snapshot", description = "Export or import the state at the last final block.",
        subcommands = {SnapshotCommand.Export.class, SnapshotCommand.Import.class})
final class SnapshotCommand extends Group {

    static RocksKeyValueStore open(NodeConfig c) throws Exception {
        Files.createDirectories(c.dataDir());
        return RocksKeyValueStore.open(c.dataDir().resolve("db"), RocksOptions.small());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the state of a stopped node to a file.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--config", required = true, description = "The node's configuration file.")
        Path config;
        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            try (RocksKeyValueStore kv = open(NodeConfigs.load(config))) {
                SnapshotInfo info = new ChainStore(kv).exportSnapshot(out);
                spec.commandLine().getOut().printf("wrote %s: height %d, block %s, state root %s, %d entries%n", out,
                        info.height(), info.blockHash(), info.stateRoot(), info.entries());
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Start an empty node's data directory from a snapshot file.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--config", required = true, description = "The new node's configuration file.")
        Path config;
        @Option(names = "--in", required = true)
        Path in;

        @Override
        public Integer call() throws Exception {
            try (RocksKeyValueStore kv = open(NodeConfigs.load(config))) {
                SnapshotInfo info = new ChainStore(kv).importSnapshot(in, StateRootFunction.MERKLE);
                spec.commandLine().getOut().printf("imported height %d, block %s, state root %s verified, %d entries%n",
                        info.height(), info.blockHash(), info.stateRoot(), info.entries());
            }
            return 0;
        }
    }
}
