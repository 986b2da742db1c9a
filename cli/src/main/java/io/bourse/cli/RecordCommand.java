package io.bourse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** O7: captures what contracts see over N blocks of a running network, for backtests. */
@Command(name = "record", description = {"Record what contracts see over the next N blocks of a running network "
        + "(blocks, contracts, books, trades, parameters) into a file for `bourse contract backtest` "
        + "(format: docs/contract-guide.md)."})
final class RecordCommand extends ClientCommands.Base {
    @Option(names = "--blocks", required = true, description = "How many blocks to record, from the node's head on.")
    int blocks;
    @Option(names = "--out", required = true, description = "The recording file to write (JSON).")
    Path file;
    @Option(names = "--levels", defaultValue = "20", description = "Price levels per side of each book (default: ${DEFAULT-VALUE}).")
    int levels;

    public Integer call() throws Exception {
        if (levels < 1 || levels > 500) {
            throw Args.bad("--levels", "between 1 and 500, got " + levels);
        }
        var recording = new Recorder(c, levels, spec.commandLine().getErr()).record(blocks);
        Files.writeString(file, recording.toJson());
        out().println("recorded blocks " + recording.blocks().getFirst().height() + ".."
                + recording.blocks().getLast().height() + " of " + recording.chainId() + " to " + file);
        return 0;
    }
}
