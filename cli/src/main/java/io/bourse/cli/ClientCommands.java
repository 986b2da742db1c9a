package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Commands that talk to a node's HTTP API. */
final class ClientCommands {
    private ClientCommands() {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /** --node and --json, shared by every client command. */
    static final class Connection {
        @Option(names = "--node", defaultValue = "${BOURSE_NODE:-http://127.0.0.1:8080}",
                description = "The node's API URL (default: $BOURSE_NODE or ${DEFAULT-VALUE}).")
        String node;
        @Option(names = "--json", description = "Print the node's JSON answer instead of a table.")
        boolean json;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        JsonNode get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
        }

        JsonNode post(String path, String body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private URI uri(String path) {
            return URI.create(node.replaceAll("/+$", "") + path);
        }

        private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
            HttpResponse<String> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                throw new IOException("cannot reach the node at " + node + " (is it running? use --node URL)");
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IOException("the node answered HTTP " + r.statusCode() + " with a body that is not JSON");
            }
            if (r.statusCode() >= 400) {
                String field = body.path("field").asText("");
                throw new IOException(body.path("error").asText("HTTP " + r.statusCode())
                        + (field.isEmpty() ? "" : " (field " + field + ": " + body.path("reason").asText("") + ")"));
            }
            return body;
        }

        void print(PrintWriter out, JsonNode n) throws IOException {
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                table(out, n, "");
            }
        }

        private static void table(PrintWriter out, JsonNode n, String prefix) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isContainerNode()) {
                    if (e.getValue().isArray() && e.getValue().isEmpty()) {
                        out.printf("%-24s %s%n", prefix + e.getKey(), "(none)");
                    } else if (e.getValue().isArray()) {
                        for (int i = 0; i < e.getValue().size(); i++) {
                            JsonNode item = e.getValue().get(i);
                            if (item.isContainerNode()) {
                                table(out, item, prefix + e.getKey() + "[" + i + "].");
                            } else {
                                out.printf("%-24s %s%n", prefix + e.getKey() + "[" + i + "]", item.asText());
                            }
                        }
                    } else {
                        table(out, e.getValue(), prefix + e.getKey() + ".");
                    }
                } else {
                    out.printf("%-24s %s%n", prefix + e.getKey(), e.getValue().asText());
                }
            }
        }
    }

    /** Signs a payload with the next nonce of the key's account and submits it. */
    static JsonNode submit(Connection c, Path keyFile, Payload payload) throws Exception {
        KeyPair key = KeyFile.read(keyFile, java.util.Optional.empty());
        JsonNode status = c.get("/v1/status");
        ChainId chain = ChainId.of(status.path("chainId").asText());
        long nonce = c.get("/v1/accounts/" + key.address().text()).path("nextNonce").asLong();
        Commitment commitment = Commitment.sign(key, chain, nonce, payload);
        return c.post("/v1/commitments", "{\"encoded\":\"" + Hex.encode(commitment.toBytes()) + "\"}");
    }

    @Command(name = "status", description = "Show a node's height, role and generator.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection c;

        public Integer call() throws Exception {
            c.print(spec.commandLine().getOut(), c.get("/v1/status"));
            return 0;
        }
    }

    @Command(name = "block", description = "Show a block by height (or 'latest').")
    static final class GetBlock implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection c;
        @Parameters(paramLabel = "HEIGHT")
        String height;

        public Integer call() throws Exception {
            c.print(spec.commandLine().getOut(), c.get("/v1/blocks/" + height));
            return 0;
        }
    }

    @Command(name = "balance", description = "Show an account's balances and next nonce.")
    static final class Balance implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection c;
        @Parameters(paramLabel = "ADDRESS")
        String address;

        public Integer call() throws Exception {
            Address.parse(address);
            c.print(spec.commandLine().getOut(), c.get("/v1/accounts/" + address));
            return 0;
        }
    }

    @Command(name = "transfer", description = "Transfer Coin or shares to another account.")
    static final class Transfer implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection c;
        @Option(names = "--key", required = true, description = "The sender's key file.")
        Path key;
        @Option(names = "--to", required = true)
        String to;
        @Option(names = "--amount", required = true, description = "e.g. 12.5")
        String amount;
        @Option(names = "--token", defaultValue = "coin", description = "coin, or a contract's address for its shares.")
        String token;

        public Integer call() throws Exception {
            JsonNode r = submit(c, key, new Payloads.Transfer(Address.parse(to), TokenId.parse(token), Amount.parse(amount)));
            c.print(spec.commandLine().getOut(), r);
            return 0;
        }
    }

    @Command(name = "commitment", description = "Show what became of a commitment: pending, final with its receipt, or unknown.")
    static final class CommitmentStatus implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection c;
        @Parameters(paramLabel = "ID")
        String id;

        public Integer call() throws Exception {
            c.print(spec.commandLine().getOut(), c.get("/v1/commitments/" + id));
            return 0;
        }
    }
}
