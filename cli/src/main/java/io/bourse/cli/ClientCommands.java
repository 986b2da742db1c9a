package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Queries and the everyday commitments, each one call to a node's HTTP API (docs/api.yaml). Every
 * command takes {@code --node URL} and {@code --json}; commands that sign take {@code --key} and
 * {@code --wait} ({@link Submitter}).
 */
final class ClientCommands {
    private ClientCommands() {
    }

    /** The base of every client command: the connection and where output goes. */
    @Command(mixinStandardHelpOptions = true)
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeClient c;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** The base of every command that signs and submits one commitment. */
    abstract static class Signed extends Base {
        @Mixin
        Submitter submitter;
    }

    @Command(name = "status", description = "Show a node's height, role, generator and consensus state.")
    static final class Status extends Base {
        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/status"));
            return 0;
        }
    }

    @Command(name = "block", description = "Show a final block by height, or 'latest'.")
    static final class GetBlock extends Base {
        @Parameters(paramLabel = "HEIGHT", description = "A height ≥ 0, or 'latest'.")
        String height;

        public Integer call() throws Exception {
            if (!height.equals("latest") && !height.matches("[0-9]{1,18}")) {
                throw Args.bad("HEIGHT", "a whole number ≥ 0 or 'latest', got '" + height + "'");
            }
            c.print(out(), c.get("/v1/blocks/" + height));
            return 0;
        }
    }

    @Command(name = "balance", description = "Show an account's balances of every token and its next nonce.")
    static final class Balance extends Base {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        public Integer call() throws Exception {
            Address a = Args.address(address, "ADDRESS");
            JsonNode r = c.get("/v1/accounts/" + a.text());
            if (c.json) {
                c.print(out(), r);
                return 0;
            }
            out().printf("address       %s%nnext nonce    %d (pending up to %d)%nat height     %d%n%n",
                    r.path("address").asText(), r.path("nextNonce").asLong(), r.path("pendingNonce").asLong(),
                    r.path("height").asLong());
            ArrayNode rows = NodeClient.JSON.createArrayNode();
            r.path("balances").fields().forEachRemaining(e ->
                    rows.addObject().put("token", e.getKey()).put("balance", e.getValue().asText()));
            Tables.rows(out(), rows, List.of("token", "balance"));
            return 0;
        }
    }

    @Command(name = "supply", description = "Show the Coin Contract beside the operator's statements (N2, N3, N6): supply "
            + "(minted, burned, circulating), accepted currencies and median rates, payouts pending and paid, the latest "
            + "reserve report, and every flag where the two disagree.")
    static final class Supply extends Base {
        public Integer call() throws Exception {
            JsonNode r = c.get("/v1/supply");
            if (c.json) {
                c.print(out(), r);
                return 0;
            }
            java.io.PrintWriter o = out();
            List<String> accepted = new java.util.ArrayList<>();
            r.path("acceptedCurrencies").forEach(x -> accepted.add(x.asText()));
            o.printf("height       %d%nminted       %s%nburned       %s%ncirculating  %s%naccepted     %s%n%n",
                    r.path("height").asLong(), r.path("minted").asText(), r.path("burned").asText(),
                    r.path("circulating").asText(), accepted.isEmpty() ? "(none)" : String.join(", ", accepted));
            Tables.rows(o, r.path("rates"), List.of("currency", "freshSources", "median"));
            JsonNode p = r.path("payouts");
            o.printf("%npayouts      %d pending (%s coin), %d paid (%s coin), %d mismatched%n", p.path("pendingCount").asLong(),
                    p.path("pendingCoin").asText("0"), p.path("paidCount").asLong(), p.path("paidCoin").asText("0"),
                    p.path("mismatchedCount").asLong());
            if (p.path("oldestPending").size() > 0) {
                Tables.rows(o, p.path("oldestPending"), List.of("id", "amount", "currency", "height", "payoutRef"));
            }
            JsonNode rep = r.path("latestReport");
            if (rep.isObject()) {
                StringBuilder lines = new StringBuilder();
                rep.path("reserves").forEach(x -> lines.append(lines.isEmpty() ? "" : ", ")
                        .append(x.path("amount").asText()).append(' ').append(x.path("currency").asText()));
                o.printf("%nreport       number %d at height %d by custodian %s (auditor: %s)%n"
                                + "             reserves %s, worth %s coin at the medians against %s circulating%n",
                        rep.path("number").asLong(), rep.path("height").asLong(), rep.path("custodian").asText(),
                        rep.path("auditorRef").asText(), lines, rep.path("reservesValue").asText(),
                        rep.path("circulatingAtReport").asText());
            } else {
                o.printf("%nreport       none published%n");
            }
            JsonNode flags = r.path("flags");
            if (flags.size() == 0) {
                o.printf("flags        none: the operator's statements agree with the chain%n");
            } else {
                flags.forEach(f -> o.printf("FLAG         %s: %s%n", f.path("code").asText(), f.path("message").asText()));
            }
            return 0;
        }
    }

    @Command(name = "commitment", description = "Show what became of a commitment: pending, final with its receipt, or unknown.")
    static final class CommitmentStatus extends Base {
        @Parameters(paramLabel = "ID", description = "The commitment id (64 hex digits) a submission printed.")
        String id;

        public Integer call() throws Exception {
            c.print(out(), c.get("/v1/commitments/" + Args.hash(id, "ID").hex()));
            return 0;
        }
    }

    @Command(name = "transfer", description = "Transfer Coin or a contract's shares to another account (N1).")
    static final class Transfer extends Signed {
        @Option(names = "--to", required = true, description = "The receiving address.")
        String to;
        @Option(names = "--amount", required = true, description = "How much, e.g. 12.5")
        String amount;
        @Option(names = "--token", defaultValue = "coin", description = "coin (default), or a contract's address for its shares.")
        String token;

        public Integer call() throws Exception {
            return submitter.submit(c, out(), new Payloads.Transfer(Args.address(to, "--to"), Args.token(token, "--token"),
                    Args.positiveAmount(amount, "--amount")));
        }
    }

    @Command(name = "buy", description = "Buy shares directly from a contract at its direct-sale price (M1).")
    static final class Buy extends Signed {
        @Option(names = "--contract", required = true, description = "The contract's address.")
        String contract;
        @Option(names = "--quantity", required = true, description = "Shares to buy, e.g. 10 or 0.5")
        String quantity;
        @Option(names = "--max-price", description = "The most Coin per whole share you accept "
                + "(default: the contract's price now).")
        String maxPrice;

        public Integer call() throws Exception {
            Address a = Args.address(contract, "--contract");
            Amount max = maxPrice != null ? Args.positiveAmount(maxPrice, "--max-price")
                    : Amount.parse(c.get("/v1/contracts/" + a.text()).path("price").asText());
            return submitter.submit(c, out(), new Payloads.BuyFromContract(a, Args.positiveAmount(quantity, "--quantity"),
                    max), o -> o.put("maxPricePerShare", max.toPlainString()));
        }
    }

    /** Adds the field {@code name} with the given text to a submission's answer. */
    static java.util.function.Consumer<ObjectNode> with(String name, String value) {
        return o -> o.put(name, value);
    }
}
