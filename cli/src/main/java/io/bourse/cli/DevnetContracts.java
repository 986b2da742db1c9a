package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a new devnet does once its nodes answer: deploys the example contracts of
 * {@code examples/contracts} (packaged in the jar), managed by the three investors, and has every
 * investor buy into each, so the contracts hold Coin and start trading with each other at once.
 * A Block Signer's key creates them (K1: only a signer submits a creation), here signer-1's.
 */
final class DevnetContracts {
    /** The examples, in the order they are deployed (their files under io/bourse/cli/examples/). */
    static final List<String> EXAMPLES = List.of("market-maker", "index-fund", "momentum", "options-writer",
            "self-closing");
    static final Amount SHARES = Amount.ofWhole(1_000_000);
    static final Amount PRICE = Amount.ONE;
    /** Shares each investor buys of each contract at the direct-sale price: 1,000 Coin into each contract per investor. */
    static final Amount BUY_IN = Amount.ofWhole(1_000);

    private final NodeClient node = new NodeClient();
    private final Path dir;
    private final PrintWriter out;

    DevnetContracts(String api, Path dir, PrintWriter out) {
        node.node = api;
        this.dir = dir;
        this.out = out;
    }

    void deploy() throws Exception {
        KeyPair creator = KeyFile.read(dir.resolve("signer-1").resolve("node.key"), Optional.empty());
        List<KeyPair> investors = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            investors.add(KeyFile.read(dir.resolve("clients").resolve("investor-" + i + ".key"), Optional.empty()));
        }
        ChainId chain = ChainId.of(node.get("/v1/status").path("chainId").asText());
        List<Address> contracts = new ArrayList<>();
        long nonce = nextNonce(creator);
        for (int i = 0; i < EXAMPLES.size(); i++) {
            String name = EXAMPLES.get(i);
            Payloads.ContractCreation cc = new Payloads.ContractCreation(name, investors.get(i % 3).publicKey(),
                    example(name), new byte[0], "", SHARES, PRICE, 0, 0, "{}");
            Commitment c = Commitment.sign(creator, chain, nonce++, cc);
            node.postBytes("/v1/commitments", c.toBytes());
            contracts.add(LedgerState.contractAddress(c.id()));
        }
        waitFor(contracts);
        List<String> buys = new ArrayList<>();
        for (KeyPair investor : investors) {
            long n = nextNonce(investor);
            for (Address a : contracts) {
                Payload buy = new Payloads.BuyFromContract(a, BUY_IN, PRICE);
                Commitment c = Commitment.sign(investor, chain, n++, buy);
                node.postBytes("/v1/commitments", c.toBytes());
                buys.add(c.id().hex());
            }
        }
        waitFinal(buys); // the investors' keys are free for the user once devnet.json is written
        out.printf("Deployed %d example contracts (examples/contracts), each funded with %s Coin by the investors:%n",
                contracts.size(), BUY_IN.plus(BUY_IN).plus(BUY_IN));
        for (int i = 0; i < contracts.size(); i++) {
            out.printf("  %-16s %s%n", EXAMPLES.get(i), contracts.get(i).text());
        }
        out.flush();
    }

    private long nextNonce(KeyPair k) throws Exception {
        JsonNode acct = node.get("/v1/accounts/" + k.address().text());
        return acct.has("pendingNonce") ? acct.get("pendingNonce").asLong() : acct.path("nextNonce").asLong();
    }

    /** Each creation is a special block of its own: wait until all are final (a deadline, not a sleep). */
    private void waitFor(List<Address> contracts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (Address a : contracts) {
            while (true) {
                try {
                    node.get("/v1/contracts/" + a.text());
                    break;
                } catch (NodeClient.NodeError e) {
                    if (e.status != 404 || System.nanoTime() > deadline) {
                        throw new IOException("example contract " + a.text() + " was not created within 90 s: "
                                + e.getMessage());
                    }
                }
                Thread.sleep(200); // polling interval while the special blocks are made
            }
        }
    }

    private void waitFinal(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (String id : ids) {
            while (!"final".equals(node.get("/v1/commitments/" + id).path("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the investors' purchase " + id + " is not final after 90 s");
                }
                Thread.sleep(200); // polling interval while the purchases are in the next blocks
            }
        }
    }

    static String example(String name) throws IOException {
        try (InputStream in = DevnetContracts.class.getResourceAsStream("examples/" + name + ".js")) {
            if (in == null) {
                throw new IOException("the example contract " + name + ".js is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
