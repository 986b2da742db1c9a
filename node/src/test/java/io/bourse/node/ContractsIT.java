package io.bourse.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.ContractExecutions;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Market;
import io.bourse.core.testing.Await;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K6 end to end on real nodes (in one JVM, in-memory transport): four signers and two execution
 * servers with a quorum of 2 run the five example contracts of examples/contracts. They trade with
 * each other; their executions are agreed by both servers; storage and executions show through the
 * API; Coin is conserved and every contract's share count stays what it issued.
 */
class ContractsIT {
    static final ChainId CHAIN = ChainId.of("contracts-it");
    static final List<String> EXAMPLES = List.of("market-maker", "index-fund", "momentum", "options-writer",
            "self-closing");
    @TempDir
    Path dir;
    final List<Node> nodes = new ArrayList<>();
    final LocalNetwork network = new LocalNetwork();

    @AfterEach
    void stopAll() {
        nodes.forEach(Node::close);
    }

    @Test
    void theExampleContractsTradeWithEachOtherOnResultsBothServersAgreed() throws Exception {
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add(KeyPair.generate());
        }
        List<KeyPair> investors = List.of(KeyPair.generate(), KeyPair.generate());
        var params = DefaultParameters.of(CHAIN, 300, keys.subList(0, 4).stream().map(KeyPair::publicKey).toList(),
                List.of(keys.get(4).publicKey(), keys.get(5).publicKey()), keys.get(6).publicKey())
                .withHoldTimes(2, 7L * 24 * 3600);
        assertThat(params.contractExecutionQuorum()).isEqualTo(2);
        Genesis g = new Genesis(CHAIN, Timestamp.ofMillis(System.currentTimeMillis()), params,
                investors.stream().map(k -> new Genesis.Allocation(k.address(), Amount.ofWhole(10_000))).toList());
        Files.writeString(dir.resolve("genesis.json"), g.toJson());
        for (int i = 0; i < 6; i++) {
            Path d = dir.resolve("node-" + i);
            Files.createDirectories(d);
            KeyFile.write(d.resolve("node.key"), keys.get(i), Optional.empty());
            nodes.add(new Node(new NodeConfig("node-" + i, d.resolve("data"), d.resolve("node.key"),
                    dir.resolve("genesis.json"), new HostPort("127.0.0.1", 0), List.of(), 32,
                    new HostPort("127.0.0.1", 0), 1 << 20, false, 10_000, 256, 8L << 20), network.factory()));
        }
        Node generator = nodes.get(0);
        Await.until("height 2", Duration.ofSeconds(60), () -> generator.chain().height() >= 2);

        // deploy (a signer creates; investors manage), then both investors buy into every contract
        List<Address> contracts = new ArrayList<>();
        long nonce = 0;
        for (int i = 0; i < EXAMPLES.size(); i++) {
            String code = Files.readString(Path.of("..", "examples", "contracts", EXAMPLES.get(i) + ".js"));
            Commitment c = Commitment.sign(keys.get(1), CHAIN, nonce++, new Payloads.ContractCreation(EXAMPLES.get(i),
                    investors.get(i % 2).publicKey(), code, new byte[0], "", Amount.ofWhole(1_000_000), Amount.ONE, 0, 0,
                    "{}"));
            submit(generator, c);
            contracts.add(LedgerState.contractAddress(c.id()));
        }
        Await.until("5 contracts", Duration.ofSeconds(60),
                () -> generator.chain().readState(s -> LedgerState.contracts(s).size()) == EXAMPLES.size());
        for (KeyPair investor : investors) {
            long n = 0;
            for (Address a : contracts) {
                submit(generator, Commitment.sign(investor, CHAIN, n++, new Payloads.BuyFromContract(a,
                        Amount.ofWhole(1_500), Amount.ONE)));
            }
        }

        // contract-to-contract trades, on results two servers agreed
        Await.until("a trade between two contracts", Duration.ofSeconds(120), () -> contractTrades(generator, contracts) > 0);
        Node api = nodes.get(2);
        long tradedBy = generator.chain().height();
        // the node asked may be a block behind the generator that saw the trade
        Await.until("the queried node at height " + tradedBy, Duration.ofSeconds(30), () -> api.chain().height() >= tradedBy);
        Address marketMaker = contracts.get(0);
        JsonNode executions = get(api, "/v1/contracts/" + marketMaker.text() + "/executions?from=1");
        List<JsonNode> applied = new ArrayList<>();
        executions.path("executions").forEach(e -> {
            if (e.path("outcome").asText().equals("applied")) {
                applied.add(e);
            }
        });
        assertThat(applied).isNotEmpty();
        assertThat(applied).allSatisfy(e -> assertThat(e.path("servers")).hasSize(2));
        assertThat(applied.stream().anyMatch(e -> e.path("actions").size() > 0)).isTrue();
        JsonNode keysPage = get(api, "/v1/contracts/" + marketMaker.text() + "/storage");
        assertThat(keysPage.path("keys").toString()).contains("config");
        assertThat(get(api, "/v1/contracts/" + marketMaker.text() + "/storage/config").path("value").asText())
                .contains("spreadBps");
        List<String> pairs = new ArrayList<>();
        for (Address a : contracts) {
            get(api, "/v1/markets/" + a.text() + "-coin/trades").path("trades")
                    .forEach(t -> pairs.add(t.path("maker").asText() + "/" + t.path("taker").asText()));
        }
        assertThat(pairs).as("the API names maker and taker").anyMatch(p -> contracts.stream()
                .anyMatch(c -> p.startsWith(c.text() + "/")) && contracts.stream().anyMatch(c -> p.endsWith("/" + c.text())));

        // every node has the same state; Coin is conserved and share counts are what was issued
        long h = generator.chain().height();
        Await.until("all at height " + h, Duration.ofSeconds(30),
                () -> nodes.stream().allMatch(n -> n.chain().height() >= h));
        assertThat(nodes.stream().map(n -> n.chain().store().block(h).orElseThrow().header().stateRoot()).distinct())
                .hasSize(1);
        assertThat(generator.chain().readState(io.bourse.core.ledger.LedgerAudit::problems)).isEmpty();
        assertThat(generator.chain().readState(s -> ContractExecutions.log(s, contracts.get(1), 0)).stream()
                .anyMatch(e -> e.decision() == ContractExecutions.Decision.APPLIED)).isTrue();

        // a fresh server replays the chain from genesis and computes the very results the servers voted
        replayAndCompare(g, generator, h);
    }

    /**
     * Replays blocks 1..h from genesis; after each block runs every contract's call on a fresh
     * in-process sandbox and compares its result's bytes with every vote the live servers cast for
     * that (contract, block) and the chain recorded.
     */
    static void replayAndCompare(Genesis g, Node source, long h) throws Exception {
        Map<String, java.util.Set<io.bourse.core.types.Hash>> voted = new TreeMap<>();
        for (long i = 1; i <= h; i++) {
            for (Commitment c : source.chain().store().block(i).orElseThrow().commitments()) {
                if (c.payload() instanceof Payloads.ContractExecutionResults r) {
                    for (Payloads.ContractResult x : r.results()) {
                        voted.computeIfAbsent(x.contract() + "@" + r.forHeight(), k -> new java.util.TreeSet<>()).add(x.hash());
                    }
                }
            }
        }
        io.bourse.core.state.MerkleState state = g.state();
        int compared = 0;
        try (io.bourse.vm.ContractSandbox fresh = new io.bourse.vm.ContractSandbox()) {
            for (long i = 1; i <= h; i++) {
                io.bourse.core.block.Block b = source.chain().store().block(i).orElseThrow();
                state.apply(io.bourse.core.ledger.Ledger.execute(state, b).writeSet());
                var p = LedgerState.parameters(state);
                for (ContractRecord c : LedgerState.contracts(state)) {
                    var cast = voted.get(c.address() + "@" + i);
                    if (cast == null) {
                        continue;
                    }
                    var input = io.bourse.vm.ExecutionInput.of(state, p, c, i, b.hash(), b.header().timestamp().millis())
                            .orElseThrow();
                    var mine = input.result(fresh.call(input.call()));
                    assertThat(cast).as("votes for " + c.name() + " at " + i).containsOnly(mine.hash());
                    compared++;
                }
            }
        }
        assertThat(compared).as("results compared").isGreaterThan(10);
    }

    /** Trades whose maker and taker are both contracts, over every contract's market. */
    static long contractTrades(Node n, List<Address> contracts) {
        return n.chain().readState(s -> {
            long count = 0;
            for (Address a : contracts) {
                for (Market.Trade t : Market.recentTrades(s, TokenId.shareOf(a), TokenId.COIN, Market.RECENT_TRADES)) {
                    if (contracts.contains(t.maker()) && contracts.contains(t.taker())) {
                        count++;
                    }
                }
            }
            return count;
        });
    }

    static void submit(Node n, Commitment c) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + n.apiPort() + "/v1/commitments"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.toBytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    static JsonNode get(Node n, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + n.apiPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
