package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.PublicKey;
import java.security.SecureRandom;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Contracts: deploy, configure, close, restrict/activate (special blocks), and the queries. */
@Command(name = "contract", description = "Write, test, check, backtest, deploy, configure, close, restrict, activate "
        + "and inspect contracts.",
        subcommands = {ContractDevCommands.New.class, ContractDevCommands.Test.class, ContractDevCommands.Check.class,
            BacktestCommand.class, ContractCommand.Deploy.class, ContractCommand.Configure.class, ContractCommand.Close.class,
            ContractCommand.Restrict.class, ContractCommand.Activate.class, ContractCommand.Show.class,
            ContractCommand.ListAll.class, ContractCommand.Code.class, ContractCommand.Storage.class,
            ContractCommand.Executions.class, ContractCommand.LedgerActions.class})
final class ContractCommand extends Group {

    @Command(name = "deploy", description = {
        "Create a contract from a JavaScript file (K1, K3, K8). The creation is a special payload: it is "
            + "submitted like any commitment and the generator puts it alone in a special block, which a "
            + "quorum of signers certifies. The key must be a Block Signer's. Prints the contract's address."})
    static final class Deploy extends ClientCommands.Signed {
        @Option(names = "--code", required = true, description = "The contract's code, a .js file.")
        Path code;
        @Option(names = "--name", description = "The contract's name (default: the file's name without .js).")
        String name;
        @Option(names = "--manager", required = true, description = "The manager: a key file or a public key in hex.")
        String manager;
        @Option(names = "--shares", required = true, description = "The fixed number of shares, e.g. 1000000.")
        String shares;
        @Option(names = "--price", required = true, description = "Direct-sale price in Coin per whole share.")
        String price;
        @Option(names = "--manager-share", defaultValue = "0%", description = "The manager's part of the shares, "
                + "e.g. 10%% or 100000ppm (default: ${DEFAULT-VALUE}).")
        String managerShare;
        @Option(names = "--fee", defaultValue = "0%", description = "The weekly manager fee, e.g. 0.5%% or 5000ppm "
                + "(default: ${DEFAULT-VALUE}); cut to contractMaximumManagerFee.")
        String fee;
        @Option(names = "--config", description = "A JSON file with the contract's configuration (default: {}).")
        Path config;
        @Option(names = "--encrypt", arity = "0..*", paramLabel = "SECTION", description = "Seal the regions marked "
                + "'// @sealed-begin [SECTION]' … '// @sealed-end' (all of them, or only those named) to the execution "
                + "servers in force (K2); needs --report-vendor, --report-url and --report-file or --report-sha256, "
                + "and the creation waits for the signers' approval (bourse code approve).")
        List<String> encrypt;
        @Option(names = "--report-vendor", description = "The security vendor who reviewed the sealed code (K2).")
        String reportVendor;
        @Option(names = "--report-url", description = "Where the review report is published (K2).")
        String reportUrl;
        @Option(names = "--report-file", description = "The review report itself: its SHA-256 goes into the reference.")
        Path reportFile;
        @Option(names = "--report-sha256", description = "The report's SHA-256 (64 hex digits), instead of --report-file.")
        String reportSha256;
        @Option(names = "--review-report", defaultValue = "", description = "A whole review report reference "
                + "'sha256:<hex> <url> <vendor>' (K2), for --encrypted-code.")
        String reviewReport;
        @Option(names = "--encrypted-code", description = "Sealed code already made (K2), a binary file in the "
                + "format of docs/encoding.md; --code is then the public code with its placeholders.")
        Path encryptedCode;

        public Integer call() throws Exception {
            String js = Args.text(code, "--code", Payloads.MAX_CODE);
            String n = name != null ? name : code.getFileName().toString().replaceFirst("\\.js$", "");
            byte[] enc = encryptedCode == null ? new byte[0] : Files.readAllBytes(encryptedCode);
            if (encrypt != null) {
                if (encryptedCode != null) {
                    throw Args.bad("--encrypt", "give either --encrypt or --encrypted-code, not both");
                }
                reviewReport = SealedDeploy.report(reportVendor, reportUrl, reportFile, reportSha256).format();
                SealedSource.Split split = SealedDeploy.split(js, encrypt);
                List<PublicKey> servers = ParametersJson.parse(c.get("/v1/parameters").toString()).executionServers();
                if (servers.isEmpty()) {
                    throw Args.bad("--encrypt", "the parameters in force name no execution server to seal the code to");
                }
                js = split.publicCode();
                enc = CodeSealing.seal(split.sections(), servers, SealedSource.context(js, reviewReport),
                        new SecureRandom()).toBytes();
            }
            String cfg = config == null ? "{}" : ContractCommand.json(config, "--config");
            var managerKey = Args.publicKey(manager, "--manager");
            Amount count = Args.positiveAmount(shares, "--shares");
            Amount p = Args.positiveAmount(price, "--price");
            long part = Args.ppm(managerShare, "--manager-share");
            long f = Args.ppm(fee, "--fee");
            Payloads.ContractCreation cc;
            try {
                cc = new Payloads.ContractCreation(n, managerKey, js, enc, reviewReport, count, p, part, f, cfg);
            } catch (IllegalArgumentException e) {
                throw Args.bad("contract", e.getMessage());
            }
            return submitter.submit(c, out(), cc, o -> o.put("contract",
                    LedgerState.contractAddress(Hash.fromHex(o.path("id").asText())).text()));
        }
    }

    @Command(name = "configure", description = "Change a contract's price, fee or configuration (K7); only its manager "
            + "may. Options not given keep their current value.")
    static final class Configure extends ClientCommands.Signed {
        @Option(names = "--contract", required = true)
        String contract;
        @Option(names = "--price", description = "New direct-sale price in Coin per whole share.")
        String price;
        @Option(names = "--fee", description = "New weekly manager fee, e.g. 0.5%% or 5000ppm.")
        String fee;
        @Option(names = "--config", description = "A JSON file with the new configuration.")
        Path config;

        public Integer call() throws Exception {
            Address a = Args.address(contract, "--contract");
            JsonNode now = c.get("/v1/contracts/" + a.text());
            Amount p = price != null ? Args.positiveAmount(price, "--price")
                    : Amount.parse(now.path("directSalePrice").asText());
            long f = fee != null ? Args.ppm(fee, "--fee") : now.path("managerFeePpm").asLong();
            String cfg = config != null ? json(config, "--config") : now.path("config").asText("{}");
            return submitter.submit(c, out(), new Payloads.ContractConfigUpdate(a, p, f, cfg));
        }
    }

    @Command(name = "close", description = "Move a contract to Closing (K4, K5); only its manager may, and there is no way back.")
    static final class Close extends ClientCommands.Signed {
        @Option(names = "--contract", required = true)
        String contract;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.ContractClose(Args.address(contract, "--contract")));
        }
    }

    @Command(name = "restrict", description = "Restrict an Active contract (K4): a special block, submitted by a Block Signer.")
    static final class Restrict extends ClientCommands.Signed {
        @Option(names = "--contract", required = true)
        String contract;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.ContractStateChange(Args.address(contract, "--contract"), true));
        }
    }

    @Command(name = "activate", description = "Re-activate a Restricted contract (K4): a special block, submitted by a Block Signer.")
    static final class Activate extends ClientCommands.Signed {
        @Option(names = "--contract", required = true)
        String contract;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.ContractStateChange(Args.address(contract, "--contract"), false));
        }
    }

    @Command(name = "show", description = "Show a contract: state, shares, price, manager, holdings and holders.")
    static final class Show extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/contracts/" + Args.address(address, "ADDRESS").text()));
            return 0;
        }
    }

    @Command(name = "list", description = "List every contract.")
    static final class ListAll extends ClientCommands.Base {
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--after", description = "Only contracts after this address (paging).")
        String after;

        public Integer call() throws Exception {
            String q = "?limit=" + limit + (after == null ? "" : "&after=" + Args.address(after, "--after").text());
            JsonNode r = c.get("/v1/contracts" + q);
            c.printRows(out(), r, r.path("contracts"), List.of("address", "name", "status", "shares", "price",
                    "treasury", "manager"));
            return 0;
        }
    }

    @Command(name = "code", description = "Print a contract's code, exactly as deployed (K1: code is public).")
    static final class Code extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        public Integer call() throws Exception {
            out().print(c.getText("/v1/contracts/" + Args.address(address, "ADDRESS").text() + "/code"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "storage", description = "A contract's on-chain storage: its keys (paged), or one value with --key (K6).")
    static final class Storage extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;
        @Option(names = "--key", description = "Print this key's value.")
        String key;
        @Option(names = "--after", description = "Only keys after this one (paging).")
        String after;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many keys (default: ${DEFAULT-VALUE}).")
        int limit;

        public Integer call() throws Exception {
            String base = "/v1/contracts/" + Args.address(address, "ADDRESS").text() + "/storage";
            if (key != null) {
                JsonNode v = c.get(base + "/" + enc(key));
                if (c.json) {
                    c.print(out(), v);
                } else {
                    out().println(v.path("value").asText());
                    out().flush();
                }
                return 0;
            }
            JsonNode r = c.get(base + "?limit=" + limit + (after == null ? "" : "&after=" + enc(after)));
            c.printRows(out(), r, r.path("entries"), List.of("key", "bytes"));
            return 0;
        }
    }

    @Command(name = "executions", description = "A contract's decided executions per block: outcome (applied, failed, "
            + "abstained, diverged), reason, actions, statements used and the servers that agreed (K6).")
    static final class Executions extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;
        @Option(names = "--from", defaultValue = "0", description = "Only blocks at or above this height.")
        long from;

        public Integer call() throws Exception {
            if (from < 0) {
                throw Args.bad("--from", "must not be negative");
            }
            JsonNode r = c.get("/v1/contracts/" + Args.address(address, "ADDRESS").text() + "/executions?from=" + from);
            if (c.json) {
                c.print(out(), r);
                return 0;
            }
            com.fasterxml.jackson.databind.node.ArrayNode rows = NodeClient.JSON.createArrayNode();
            for (JsonNode e : r.path("executions")) {
                List<String> kinds = new java.util.ArrayList<>();
                e.path("actions").forEach(a -> kinds.add(a.path("kind").asText()));
                List<String> servers = new java.util.ArrayList<>();
                e.path("servers").forEach(s -> servers.add(s.asText().substring(0, Math.min(10, s.asText().length())) + "…"));
                rows.addObject().put("height", e.path("height").asLong()).put("outcome", e.path("outcome").asText())
                        .put("actions", kinds.isEmpty() ? "-" : String.join(",", kinds))
                        .put("writes", e.path("writes").size()).put("budgetUsed", e.path("budgetUsed").asLong())
                        .put("servers", String.join(" ", servers)).put("reason", e.path("reason").asText());
            }
            Tables.rows(out(), rows, List.of("height", "outcome", "actions", "writes", "budgetUsed", "servers", "reason"));
            out().printf("last decided: %s, pending: %s%n", r.path("lastDecided").asText(), r.path("pending"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "ledger-actions", description = "What the ledger did to a contract on its own, with no commitment "
            + "asking (K5, K9): sales past the maximum hold time, forced liquidation, dust returned, invested-ratio "
            + "warnings and restriction, the Repurchase; the last 64, oldest first.")
    static final class LedgerActions extends ClientCommands.Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;
        @Option(names = "--from", defaultValue = "0", description = "Only blocks at or above this height.")
        long from;

        public Integer call() throws Exception {
            if (from < 0) {
                throw Args.bad("--from", "must not be negative");
            }
            JsonNode r = c.get("/v1/contracts/" + Args.address(address, "ADDRESS").text() + "/ledger-actions?from="
                    + from);
            c.printRows(out(), r, r.path("actions"), List.of("height", "kind", "token", "quantity", "coin", "note"));
            if (!c.json) {
                out().printf("actions since creation: %s (the last %d kept)%n", r.path("total").asText(),
                        io.bourse.core.ledger.LedgerActions.LOG_SIZE);
                out().flush();
            }
            return 0;
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON file's text, refused early when it is not JSON. */
    static String json(Path file, String option) throws java.io.IOException {
        String s = Args.text(file, option, Payloads.MAX_JSON);
        try {
            NodeClient.JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw Args.bad(option, file + " is not valid JSON");
        }
        return s;
    }
}
