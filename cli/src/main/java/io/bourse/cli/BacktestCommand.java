package io.bourse.cli;

import io.bourse.vm.ContractSandbox;
import io.bourse.vm.devkit.Backtest;
import io.bourse.vm.devkit.BacktestReport;
import io.bourse.vm.devkit.Recording;
import io.bourse.vm.devkit.SvgChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** O7: {@code bourse contract backtest FILE}: a recording replayed through a contract with the ledger's rules. */
@Command(name = "backtest", mixinStandardHelpOptions = true, description = {
    "Replay a recorded market through a contract with the ledger's real rules (the recorded books and trades, "
        + "hold times, invested ratio, fees, closing) in the execution servers' sandbox, and report its trades, "
        + "budget per block, every rule it would have broken, value per share, PnL and maximum drawdown. "
        + "The same recording and code give the same bytes on every run."})
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The contract's code, a .js file.")
    Path code;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;
    @Option(names = "--blocks", description = "With --from-node: how many blocks to record first.")
    Integer blocks;
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;
    @Option(names = "--chart", description = "Also write value per share over time to this .svg or .png file.")
    Path chart;
    @Option(names = "--name", description = "The contract's name (default: the file's name without .js).")
    String name;
    @Option(names = "--config", description = "A JSON file with the contract's configuration (default: {}).")
    Path config;
    @Option(names = "--shares", defaultValue = "1000000", description = "Its shares (default: ${DEFAULT-VALUE}).")
    String shares;
    @Option(names = "--price", defaultValue = "1", description = "Its direct-sale price (default: ${DEFAULT-VALUE}).")
    String price;
    @Option(names = "--capital", defaultValue = "3000", description = "Coin investors put in at the start, buying "
            + "its shares at --price (default: ${DEFAULT-VALUE}, what each example holds on a new devnet).")
    String capital;

    @Option(names = "--ctx-at", description = "Also write the ctx the contract gets on this recorded block "
            + "(a fixture for `contract test`) to --ctx-out.")
    Long ctxAt;
    @Option(names = "--ctx-out", description = "Where --ctx-at writes the ctx (JSON).")
    Path ctxOut;

    static final class Source {
        @Option(names = "--recording", required = true, description = "A file written by `bourse record`.")
        Path recording;
        @Option(names = "--from-node", required = true, description = "Record from this node's API first (needs --blocks).")
        String node;
    }

    public Integer call() throws Exception {
        String js = Args.text(code, "FILE", io.bourse.core.commitment.Payloads.MAX_CODE);
        if (chart != null) {
            Charts.kind(chart);
        }
        Recording rec = recording();
        Backtest.Options o = new Backtest.Options(name != null ? name : code.getFileName().toString().replaceFirst("\\.js$", ""),
                config == null ? "{}" : ContractCommand.json(config, "--config"), Args.positiveAmount(shares, "--shares"),
                Args.positiveAmount(price, "--price"), Args.amount(capital, "--capital"));
        if ((ctxAt == null) != (ctxOut == null)) {
            throw Args.bad(ctxAt == null ? "--ctx-out" : "--ctx-at", "--ctx-at and --ctx-out go together");
        }
        Backtest backtest = new Backtest(rec, js, o);
        if (ctxAt != null) {
            try {
                backtest.captureContext(ctxAt);
            } catch (IllegalArgumentException e) {
                throw Args.bad("--ctx-at", e.getMessage());
            }
        }
        BacktestReport report;
        try (ContractSandbox sandbox = new ContractSandbox()) {
            report = backtest.run(sandbox);
        }
        if (ctxAt != null) {
            String ctx = backtest.capturedContext().orElseThrow(() -> Args.bad("--ctx-at",
                    "the contract did not run on block " + ctxAt + " (see the report)"));
            Files.writeString(ctxOut, NodeClient.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(NodeClient.JSON.readTree(ctx)) + "\n");
        }
        if (chart != null) {
            Charts.write(report, chart);
        }
        var out = spec.commandLine().getOut();
        out.print(json ? report.toJson() : report.toTable());
        out.flush();
        return 0;
    }

    private Recording recording() throws Exception {
        if (source.recording != null) {
            if (blocks != null) {
                throw Args.bad("--blocks", "only with --from-node (a recording has its blocks)");
            }
            String text = Files.readString(source.recording);
            try {
                return Recording.parse(text);
            } catch (IllegalArgumentException e) {
                throw Args.bad("--recording", source.recording + ": " + e.getMessage());
            }
        }
        if (blocks == null) {
            throw Args.bad("--blocks", "required with --from-node");
        }
        NodeClient client = new NodeClient();
        client.node = source.node;
        return new Recorder(client, 20, spec.commandLine().getErr()).record(blocks);
    }

    /** The chart file, by its extension. */
    static final class Charts {
        static void write(BacktestReport report, Path file) throws java.io.IOException {
            if (kind(file).equals("svg")) {
                Files.writeString(file, SvgChart.render(report));
            } else {
                Files.write(file, PngChart.render(report));
            }
        }

        static String kind(Path file) {
            String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (n.endsWith(".svg") || n.endsWith(".png")) {
                return n.substring(n.length() - 3);
            }
            throw Args.bad("--chart", "a .svg or .png file, got " + file);
        }
    }
}
