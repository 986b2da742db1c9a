package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The options of every command that signs and submits a commitment (a picocli mixin), and the
 * submission itself: read the key, ask the node for the chain id and the account's next nonce
 * (after its commitments already pending there), sign, post the canonical bytes, and with
 * {@code --wait} follow the commitment until it is final.
 */
final class Submitter {
    @Option(names = "--key", required = true, description = "The signing key file.")
    Path key;
    @Option(names = "--passphrase-file", description = "The passphrase, for an encrypted key file.")
    Path passphraseFile;
    @Option(names = "--nonce", description = "Sign with this nonce instead of the account's next one.")
    Long nonce;
    @Option(names = "--wait", description = "Wait until the commitment is final and show its receipt; "
            + "exit 1 if the ledger rejected it.")
    boolean await;
    @Option(names = "--timeout", defaultValue = "60", description = "Seconds --wait waits (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    KeyPair keyPair() throws IOException {
        return KeyFile.read(key, KeysCommand.passphrase(passphraseFile));
    }

    /** Signs and submits {@code payload}; prints the answer (and the receipt with --wait). Returns the exit code. */
    int submit(NodeClient c, PrintWriter out, Payload payload) throws Exception {
        return submit(c, out, payload, extra -> { });
    }

    /** As {@link #submit(NodeClient, PrintWriter, Payload)}, letting the caller add fields to what is shown. */
    int submit(NodeClient c, PrintWriter out, Payload payload, Consumer<ObjectNode> decorate) throws Exception {
        KeyPair k = keyPair();
        ChainId chain = ChainId.of(c.get("/v1/status").path("chainId").asText());
        long n = nonce != null ? nonce : nextNonce(c, k);
        Commitment commitment = Commitment.sign(k, chain, n, payload);
        ObjectNode answer = (ObjectNode) c.postBytes("/v1/commitments", commitment.toBytes());
        decorate.accept(answer);
        if (!await) {
            c.print(out, answer);
            return 0;
        }
        JsonNode fin = waitFinal(c, commitment.id().hex());
        ObjectNode shown = answer.deepCopy();
        shown.put("status", "final");
        shown.set("height", fin.get("height"));
        shown.set("outcome", fin.get("outcome"));
        shown.set("receipt", fin.get("receipt"));
        c.print(out, shown);
        if ("rejected".equals(fin.path("outcome").asText())) {
            JsonNode r = fin.path("receipt");
            throw new IOException("rejected in block " + fin.path("height").asText() + ": " + r.path("reason").asText()
                    + (r.path("message").asText("").isEmpty() ? "" : " — " + r.path("message").asText()));
        }
        return 0;
    }

    private static long nextNonce(NodeClient c, KeyPair k) throws Exception {
        JsonNode acct = c.get("/v1/accounts/" + k.address().text());
        return acct.has("pendingNonce") ? acct.get("pendingNonce").asLong() : acct.path("nextNonce").asLong();
    }

    private JsonNode waitFinal(NodeClient c, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            JsonNode s;
            try {
                s = c.get("/v1/commitments/" + id);
            } catch (NodeClient.NodeError e) {
                if (e.status == 404) {
                    throw new IOException("commitment " + id + " was dropped: " + e.body.path("reason").asText());
                }
                throw e;
            }
            if ("final".equals(s.path("status").asText())) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("commitment " + id + " is still pending after " + timeoutSeconds
                        + " s (see: bourse commitment " + id + ")");
            }
            Thread.sleep(200); // polling interval while the node has not finalised it
        }
    }
}
