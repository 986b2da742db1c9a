package io.bourse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bourse} executable. Every subcommand returns an exit code; only this class ends the
 * process. Errors are one clear line on stderr and a non-zero exit.
 */
@Command(name = "bourse", mixinStandardHelpOptions = true, version = "bourse 0.1.0",
        description = "A permissioned blockchain node for an automated contract-share market.",
        subcommands = {
            KeysCommand.class,
            GenesisCommand.class,
            NodeCommand.class,
            DevnetCommand.class,
            BenchCommand.class,
            SimulateCommand.class,
            SnapshotCommand.class,
            ClientCommands.Status.class,
            ClientCommands.GetBlock.class,
            ClientCommands.Balance.class,
            ClientCommands.Transfer.class,
            ClientCommands.CommitmentStatus.class,
            ClientCommands.Supply.class,
            ClientCommands.Buy.class,
            ContractCommand.class,
            ParamsCommand.class,
            CodeCommand.class,
            CoinCommand.class,
            MarketCommands.Orders.class,
            MarketCommands.Options.class,
            MarketQueries.Market.class,
            MarketQueries.OpenOrders.class,
            WatchCommand.class,
            RecordCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main extends Group {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("bourse: " + ex.getMessage() + " (see "
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("bourse: " + Errors.describe(ex));
            return 1;
        });
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }
}
