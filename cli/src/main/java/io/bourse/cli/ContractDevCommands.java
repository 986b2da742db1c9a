package io.bourse.cli;

import io.bourse.core.genesis.DefaultParameters;
import io.bourse.vm.ContractSandbox;
import io.bourse.vm.devkit.ContractCheck;
import io.bourse.vm.devkit.ContractTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** O7: the contract dev kit's local commands — new, test, check (backtest: {@link BacktestCommand}). */
final class ContractDevCommands {
    private ContractDevCommands() {
    }

    /** The base of the local commands: no node, output to the command line's streams. */
    @Command(mixinStandardHelpOptions = true)
    abstract static class Local implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "new", description = {"Scaffold a contract in a new folder NAME: NAME.js (a working example "
        + "strategy), NAME.test.json with a market fixture, a README and bourse.d.ts (ctx's declaration, for editors)."})
    static final class New extends Local {
        @Parameters(paramLabel = "NAME", description = "The contract's name: lower-case letters, digits and dashes.")
        String name;
        @Option(names = "--dir", description = "Create the folder here (default: the current folder).")
        Path dir;

        public Integer call() throws Exception {
            if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
                throw Args.bad("NAME", "lower-case letters, digits and dashes, starting with a letter (at most 64), got '"
                        + name + "'");
            }
            Path root = (dir == null ? Path.of("") : dir).resolve(name);
            if (Files.exists(root)) {
                throw Args.bad("NAME", root + " already exists; choose another name or remove it");
            }
            Files.createDirectories(root.resolve("fixtures"));
            write(root.resolve(name + ".js"), template("template/contract.js"));
            write(root.resolve(name + ".test.json"), template("template/contract.test.json"));
            write(root.resolve("fixtures/market.json"), template("template/fixtures/market.json"));
            write(root.resolve("README.md"), template("template/README.md"));
            write(root.resolve("bourse.d.ts"), template("examples/bourse.d.ts"));
            out().println("created " + root + ": " + name + ".js, " + name + ".test.json, fixtures/market.json, "
                    + "README.md, bourse.d.ts");
            out().println("next: bourse contract test " + root.resolve(name + ".test.json"));
            out().flush();
            return 0;
        }

        private String template(String resource) throws IOException {
            try (InputStream in = ContractDevCommands.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("the template " + resource + " is missing from the build");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__NAME__", name);
            }
        }

        private static void write(Path p, String text) throws IOException {
            Files.writeString(p, text);
        }
    }

    @Command(name = "test", description = {"Run a contract's tests (a .test.json file: blocks of ctx fixtures and what "
        + "each call must do) in the execution servers' sandbox, with the same engine, budget and host API. "
        + "A failure names the test, the block and, when the contract threw, the line. Exit 1 when one fails."})
    static final class Test extends Local {
        @Parameters(paramLabel = "FILE", description = "The tests (NAME.test.json), or the contract (NAME.js) next to them.")
        Path file;
        @Option(names = "--budget", description = "Statements per call when the test file sets none "
                + "(default: the network default, " + DefaultParameters.DEFAULT_STATEMENT_BUDGET + ").")
        Long budget;

        public Integer call() throws Exception {
            Path tests = file.toString().endsWith(".js")
                    ? file.resolveSibling(file.getFileName().toString().replaceFirst("\\.js$", ".test.json")) : file;
            if (!Files.isRegularFile(tests)) {
                throw Args.bad("FILE", "no test file " + tests);
            }
            if (budget != null && budget <= 0) {
                throw Args.bad("--budget", "must be positive");
            }
            Path contract = ContractTests.contractOf(tests);
            String code = Args.text(contract, "contract", io.bourse.core.commitment.Payloads.MAX_CODE);
            List<ContractTests.Outcome> outcomes;
            try (ContractSandbox sandbox = new ContractSandbox()) {
                outcomes = ContractTests.run(tests, code, sandbox,
                        budget == null ? DefaultParameters.DEFAULT_STATEMENT_BUDGET : budget);
            }
            int failed = 0;
            for (ContractTests.Outcome o : outcomes) {
                out().println((o.passed() ? "PASS " : "FAIL ") + o.name() + " (" + o.maxBudgetUsed() + " statements at most)");
                for (String f : o.failures()) {
                    out().println("     " + f);
                }
                failed += o.passed() ? 0 : 1;
            }
            out().println(outcomes.size() - failed + " passed, " + failed + " failed (" + contract.getFileName() + ")");
            out().flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "check", description = {"Check a contract before deploying it: its size, that it parses, the globals "
        + "the sandbox removes, an onNewBlock, and the statements its calls take on a worst-case block (a full "
        + "market, full holdings, the most open orders) against the budget. Exit 1 on an error."})
    static final class Check extends Local {
        @Parameters(paramLabel = "FILE", description = "The contract's code, a .js file.")
        Path file;
        @Option(names = "--budget", description = "Statements per call (default: the network default, "
                + DefaultParameters.DEFAULT_STATEMENT_BUDGET + ").")
        Long budget;
        @Option(names = "--market", defaultValue = "1000", description = "Contracts listed on the worst-case block "
                + "(default: ${DEFAULT-VALUE}).")
        int market;

        public Integer call() throws Exception {
            if (budget != null && budget <= 0) {
                throw Args.bad("--budget", "must be positive");
            }
            if (market < 1 || market > 100_000) {
                throw Args.bad("--market", "between 1 and 100000");
            }
            String code = Files.readString(file);
            List<ContractCheck.Finding> findings;
            try (ContractSandbox sandbox = new ContractSandbox()) {
                findings = ContractCheck.check(code, sandbox, budget == null ? DefaultParameters.DEFAULT_STATEMENT_BUDGET
                        : budget, new ContractCheck.WorstCase(market, 64, 64));
            }
            for (ContractCheck.Finding f : findings) {
                out().println(file.getFileName() + ": " + f);
            }
            boolean bad = ContractCheck.failed(findings);
            out().println(bad ? "not ready to deploy" : "ready to deploy");
            out().flush();
            return bad ? 1 : 0;
        }
    }
}
