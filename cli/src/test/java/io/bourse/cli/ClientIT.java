package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.testing.Await;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Timestamp;
import io.bourse.node.Node;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client command through the real HTTP API of a running network: two signers in this JVM,
 * each with its own ports and RocksDB, over the real transport. // covers: O1, O2, C6, K1, K4, K7, M1, M2, M4, N2, N3,
 * N4, N6
 */
class ClientIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ChainId CHAIN = ChainId.of("client-it");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static final List<Node> nodes = new ArrayList<>();
    static String api;
    static String api2;
    static Path signer0;
    static Path signer1;
    static Path coinOperator;
    static Path investor;
    static Path trader;
    static Path manager;

    @BeforeAll
    static void startNetwork() throws Exception {
        KeyPair[] signers = {KeyPair.generate(), KeyPair.generate()};
        signer0 = key("signer-0", signers[0]);
        signer1 = key("signer-1", signers[1]);
        KeyPair operator = KeyPair.generate();
        coinOperator = key("coin-operator", operator);
        KeyPair inv = KeyPair.generate();
        investor = key("investor", inv);
        KeyPair tr = KeyPair.generate();
        trader = key("trader", tr);
        manager = key("manager", KeyPair.generate());
        var params = DefaultParameters.of(CHAIN, 300, List.of(signers[0].publicKey(), signers[1].publicKey()), List.of(),
                operator.publicKey());
        Genesis g = new Genesis(CHAIN, Timestamp.ofMillis(System.currentTimeMillis()), params,
                List.of(new Genesis.Allocation(inv.address(), Amount.ofWhole(10_000)),
                        new Genesis.Allocation(tr.address(), Amount.ofWhole(1_000))));
        Files.writeString(dir.resolve("genesis.json"), g.toJson());
        for (int i = 0; i < 2; i++) {
            Path d = dir.resolve("node-" + i);
            Files.createDirectories(d);
            KeyFile.write(d.resolve("node.key"), signers[i], Optional.empty());
            nodes.add(new Node(new NodeConfig("node-" + i, d.resolve("data"), d.resolve("node.key"),
                    dir.resolve("genesis.json"), new HostPort("127.0.0.1", 0), List.of(), 32, new HostPort("127.0.0.1", 0),
                    1 << 20, false, 10_000, 256, 8L << 20)));
        }
        nodes.get(0).connectTo(new InetSocketAddress("127.0.0.1", nodes.get(1).p2pPort()));
        api = "http://127.0.0.1:" + nodes.get(0).apiPort();
        api2 = "http://127.0.0.1:" + nodes.get(1).apiPort();
        await("height 2", Duration.ofSeconds(60), () -> nodes.stream().allMatch(n -> n.chain().height() >= 2));
    }

    @AfterAll
    static void stopNetwork() {
        for (Node n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                System.err.println("closing a node: " + e);
            }
        }
    }

    static Path key(String name, KeyPair k) throws Exception {
        Path f = dir.resolve(name + ".key");
        KeyFile.write(f, k, Optional.empty());
        return f;
    }

    static String address(Path keyFile) throws Exception {
        return KeyFile.read(keyFile, Optional.empty()).address().text();
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Await.until(what, limit, done);
    }

    /** What one run of the CLI printed, and its exit code. */
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Runs a command that must succeed, with --node of the first node. */
    static CliRun ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--node");
        all.add(api);
        CliRun r = run(all.toArray(String[]::new));
        assertThat(r.code()).as("bourse %s\nout: %s\nerr: %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    /** Runs a command that must fail with one line on stderr. */
    static String fails(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--node")) {
            all.add("--node");
            all.add(api);
        }
        CliRun r = run(all.toArray(String[]::new));
        assertThat(r.code()).as("bourse %s\nout: %s", String.join(" ", args), r.out()).isNotZero();
        assertThat(r.err().strip()).as("stderr of bourse %s", String.join(" ", args)).isNotEmpty();
        return r.err().strip();
    }

    static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void queriesShowStatusBlocksBalancesSupplyAndParameters() throws Exception {
        JsonNode status = ok("status", "--json").json();
        assertThat(status.get("chainId").asText()).isEqualTo("client-it");
        assertThat(status.get("role").asText()).isIn("generator", "signer");
        assertThat(ok("status").out()).contains("height").contains("generator");
        assertThat(ok("block", "1", "--json").json().get("height").asLong()).isEqualTo(1);
        assertThat(ok("block", "latest").out()).contains("hash").contains("stateRoot");
        CliRun balance = ok("balance", address(investor));
        assertThat(balance.out()).contains("TOKEN").contains("coin").contains("next nonce");
        assertThat(ok("supply").out()).contains("circulating").contains("USD");
        assertThat(ok("supply", "--json").json().has("minted")).isTrue();
        assertThat(ok("params", "--json").json().get("chainId").asText()).isEqualTo("client-it");
        assertThat(ok("parameters").out()).contains("blockGenerationTime");
    }

    @Test
    void aTransferWithWaitIsFinalAndTheCommitmentQueryShowsIt() throws Exception {
        String to = KeyPair.generate().address().text();
        JsonNode r = ok("transfer", "--key", trader.toString(), "--to", to, "--amount", "2.5", "--wait", "--json").json();
        assertThat(r.get("status").asText()).isEqualTo("final");
        assertThat(r.get("outcome").asText()).isEqualTo("applied");
        JsonNode c = ok("commitment", r.get("id").asText(), "--json").json();
        assertThat(c.get("status").asText()).isEqualTo("final");
        assertThat(c.at("/commitment/kind").asText()).isEqualTo("transfer");
        assertThat(ok("balance", to, "--json").json().at("/balances/coin").asText()).isEqualTo("2.5");
        assertThat(ok("commitment", r.get("id").asText()).out()).contains("outcome").contains("applied");
    }

    @Test
    void aContractIsDeployedBoughtConfiguredRestrictedActivatedAndClosed() throws Exception {
        Path code = dir.resolve("fund.js");
        Files.writeString(code, "export function onBlock(ctx) { return []; }\n");
        JsonNode deployed = ok("contract", "deploy", "--key", signer1.toString(), "--code", code.toString(),
                "--manager", manager.toString(), "--shares", "1000", "--price", "2", "--manager-share", "10%",
                "--fee", "0.5%", "--wait", "--json").json();
        assertThat(deployed.get("outcome").asText()).as(deployed.toString()).isEqualTo("applied");
        String contract = deployed.get("contract").asText();
        assertThat(ok("contract", "list").out()).contains(contract).contains("fund").contains("Active");
        assertThat(ok("contract", "code", contract).out()).contains("export function onBlock");
        JsonNode shown = ok("contract", "show", contract, "--json").json();
        assertThat(shown.get("treasury").asText()).isEqualTo("900");
        assertThat(shown.get("managerFeePpm").asLong()).isEqualTo(5_000);
        assertThat(shown.get("manager").asText()).isEqualTo(address(manager));

        ok("buy", "--key", investor.toString(), "--contract", contract, "--quantity", "5", "--wait");
        assertThat(ok("balance", address(investor), "--json").json().at("/balances/" + contract).asText()).isEqualTo("5");

        ok("contract", "configure", "--key", manager.toString(), "--contract", contract, "--price", "3", "--wait");
        assertThat(ok("contract", "show", contract, "--json").json().get("price").asText()).isEqualTo("3");

        ok("contract", "restrict", "--key", signer0.toString(), "--contract", contract, "--wait");
        assertThat(ok("contract", "show", contract, "--json").json().get("status").asText()).isEqualTo("Restricted");
        String refused = fails("buy", "--key", investor.toString(), "--contract", contract, "--quantity", "1", "--wait");
        assertThat(refused).contains("rejected").contains("CONTRACT_STATE").doesNotContain("\n");

        ok("contract", "activate", "--key", signer0.toString(), "--contract", contract, "--wait");
        ok("contract", "close", "--key", manager.toString(), "--contract", contract, "--wait");
        assertThat(ok("contract", "show", contract, "--json").json().get("status").asText()).isIn("Closing", "Closed");

        // it holds only Coin and its own shares: the ledger repurchases them at the start of a next block (K5)
        await("the Repurchase", Duration.ofSeconds(20), () -> run("contract", "ledger-actions", contract, "--json",
                "--node", api).out().contains("repurchased"));
        JsonNode actions = ok("contract", "ledger-actions", contract, "--json").json();
        assertThat(actions.get("total").asLong()).isEqualTo(1);
        JsonNode repurchase = actions.get("actions").get(0);
        assertThat(repurchase.get("kind").asText()).isEqualTo("repurchased");
        assertThat(repurchase.get("quantity").asText()).as("100 manager shares + 5 bought").isEqualTo("105");
        assertThat(repurchase.get("coin").asText()).as("the 10 Coin the investor paid").isEqualTo("10");
        assertThat(ok("contract", "ledger-actions", contract).out()).contains("KIND").contains("repurchased")
                .contains("actions since creation: 1");
        assertThat(ok("contract", "ledger-actions", contract, "--from",
                String.valueOf(repurchase.get("height").asLong() + 1), "--json").json().get("actions")).isEmpty();
        assertThat(ok("contract", "show", contract, "--json").json().get("status").asText()).isEqualTo("Closed");
        assertThat(fails("contract", "ledger-actions", KeyPair.generate().address().text())).contains("unknown contract");
        assertThat(fails("contract", "ledger-actions", "bxbad")).contains("ADDRESS");
    }

    @Test
    void aParametersProposalBecomesTheParametersInForce() throws Exception {
        ObjectNode p = (ObjectNode) ok("params", "--json").json();
        p.put("networkOperator", "operator-renamed");
        Path file = dir.resolve("params.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p));
        JsonNode r = ok("params", "propose", "--key", signer0.toString(), "--file", file.toString(), "--wait", "--json")
                .json();
        assertThat(r.get("outcome").asText()).isEqualTo("applied");
        await("new parameters in force", Duration.ofSeconds(20),
                () -> run("params", "--json", "--node", api2).out().contains("operator-renamed"));
        Files.writeString(file, "{\"chainId\": \"client-it\"}");
        assertThat(fails("params", "propose", "--key", signer0.toString(), "--file", file.toString())).startsWith("bourse: --file");
    }

    @Test
    void theCoinOperatorReportsRatesAttestsAPurchaseAndCoinIsRedeemed() throws Exception {
        String op = coinOperator.toString();
        // the rate sources are the signers' keys here (DefaultParameters); the operator is none of them (N4)
        assertThat(fails("coin", "rate", "--key", op, "--currency", "USD", "--rate", "0.5", "--wait"))
                .contains("not a registered rate source").contains("rateSources");
        ok("coin", "rate", "--key", signer0.toString(), "--currency", "USD", "--rate", "0.95", "--wait");
        ok("coin", "rate", "--key", signer1.toString(), "--currency", "USD", "--rate", "0.97", "--wait");
        JsonNode supply = ok("supply", "--json").json();
        JsonNode usd = null;
        for (JsonNode r : supply.get("rates")) {
            if (r.get("currency").asText().equals("USD")) {
                usd = r;
            }
        }
        assertThat(usd).isNotNull();
        assertThat(usd.get("median").asText()).isEqualTo("0.96");
        KeyPair buyer = KeyPair.generate();
        Path buyerKey = key("coin-buyer", buyer);
        ok("coin", "purchase", "--key", op, "--beneficiary", buyer.address().text(), "--currency", "USD", "--paid", "100",
                "--rate", "0.96", "--payment-ref", "wire-1", "--wait");
        assertThat(ok("balance", buyer.address().text(), "--json").json().get("coin").asText()).isEqualTo("96");
        String again = fails("coin", "purchase", "--key", op, "--beneficiary", buyer.address().text(), "--currency", "USD",
                "--paid", "100", "--rate", "0.96", "--payment-ref", "wire-1", "--wait");
        assertThat(again).contains("DUPLICATE_PAYMENT_REFERENCE");
        Amount burnedBefore = Amount.parse(ok("supply", "--json").json().get("burned").asText());
        String redemption = ok("coin", "redeem", "--key", buyerKey.toString(), "--amount", "6", "--currency", "USD",
                "--payout-ref", "iban-1", "--wait", "--json").json().get("id").asText();
        assertThat(Amount.parse(ok("supply", "--json").json().get("burned").asText()))
                .isEqualTo(burnedBefore.plus(Amount.ofWhole(6)));
        assertThat(ok("supply").out()).contains("1 pending (6 coin)").contains(redemption)
                .contains("FLAG         no-reserve-report");

        // N3: the operator records the payout (6 coin at 0.96 per USD is 6.25 USD); anyone else is refused
        assertThat(fails("coin", "payout", "--key", buyerKey.toString(), "--redemption", redemption, "--reference",
                "out-1", "--paid", "6.25", "--wait")).contains("only the Coin Contract Operator records payouts");
        ok("coin", "payout", "--key", op, "--redemption", redemption, "--reference", "out-1", "--paid", "6.25", "--wait");
        JsonNode red = ok("coin", "redemption", redemption, "--json").json();
        assertThat(red.get("payout").get("reference").asText()).isEqualTo("out-1");
        assertThat(red.get("expectedPayout").asText()).isEqualTo("6.25");
        assertThat(red.get("mismatched").asBoolean()).isFalse();

        // N6: a reserve report, valued by the chain at the median
        ok("coin", "report", "--key", op, "--reserve", "USD=1000000", "--custodian", "First Custody Bank",
                "--auditor-ref", "https://audit.example/1", "--wait");
        String shown = ok("supply").out();
        assertThat(shown).contains("report       number 1").contains("1000000 USD, worth 960000 coin")
                .contains("0 pending").contains("1 paid (6 coin)").doesNotContain("no-reserve-report");

        // N2: the operator stops accepting USD: a purchase in it is refused from then on
        ok("coin", "configure", "--key", op, "--accept", "EUR,BTC", "--wait");
        assertThat(ok("supply", "--json").json().get("acceptedCurrencies").toString()).isEqualTo("[\"EUR\",\"BTC\"]");
        assertThat(fails("coin", "purchase", "--key", op, "--beneficiary", buyer.address().text(), "--currency", "USD",
                "--paid", "1", "--rate", "0.96", "--payment-ref", "wire-2", "--wait"))
                .contains("CURRENCY_NOT_ACCEPTED").contains("a purchase in USD");
        assertThat(fails("coin", "configure", "--key", op, "--accept", "usd")).contains("--accept")
                .contains("must be 1 to 16 characters");
    }

    @Test
    void approvalsOrdersAndOptionsAreSubmittedAndBecomeFinal() throws Exception {
        String contract = KeyPair.generate().address().text();
        String someId = "ab".repeat(32);
        List<String> ids = new ArrayList<>();
        ids.add(ok("code", "approve", "--key", signer1.toString(), "--creation", someId, "--json").json().get("id").asText());
        String t = trader.toString();
        ids.add(ok("order", "place", "--key", t, "--base", contract, "--side", "buy", "--price", "1.5", "--quantity", "2",
                "--json").json().get("id").asText());
        ids.add(ok("order", "cancel", "--key", t, "--order", ids.get(1), "--json").json().get("id").asText());
        ids.add(ok("option", "write", "--key", t, "--underlying", contract, "--type", "call", "--strike", "2",
                "--expiry-height", "100000", "--size", "1", "--json").json().get("id").asText());
        ids.add(ok("option", "exercise", "--key", t, "--series", someId, "--size", "1", "--json").json().get("id").asText());
        assertThat(run("order", "--help").out()).contains("place").contains("cancel");
        assertThat(run("order", "place", "--help").out()).contains("order show").contains("--wait")
                .doesNotContain("exchange issue");
        assertThat(run("option", "write", "--help").out()).contains("series").doesNotContain("exchange issue");
        CliRun bare = run("order");
        assertThat(bare.code()).isNotZero();
        assertThat(bare.err()).contains("missing subcommand: one of place, cancel, show");
        for (String id : ids) {
            await("commitment " + id + " final", Duration.ofSeconds(30),
                    () -> run("commitment", id, "--json", "--node", api).out().contains("\"final\""));
        }
    }

    @Test
    void sharesTradeOnTheExchangeAndAnOptionIsWrittenAndShown() throws Exception {
        Path code = dir.resolve("traded.js");
        Files.writeString(code, "export function onBlock(ctx) { return []; }\n");
        String contract = ok("contract", "deploy", "--key", signer1.toString(), "--code", code.toString(), "--manager",
                manager.toString(), "--shares", "1000", "--price", "2", "--wait", "--json").json().get("contract").asText();
        String inv = investor.toString();
        ok("buy", "--key", inv, "--contract", contract, "--quantity", "10", "--wait");
        JsonNode sell = ok("order", "place", "--key", inv, "--base", contract, "--side", "sell", "--price", "2.5",
                "--quantity", "4", "--wait", "--json").json();
        assertThat(sell.get("outcome").asText()).as(sell.toString()).isEqualTo("applied");
        String sellId = sell.get("id").asText();
        JsonNode buy = ok("order", "place", "--key", trader.toString(), "--base", contract, "--quote", "coin", "--side",
                "buy", "--price", "3", "--quantity", "3", "--wait", "--json").json();
        assertThat(buy.get("outcome").asText()).as(buy.toString()).isEqualTo("applied");

        JsonNode trades = ok("market", "trades", contract + "-coin", "--json").json();
        assertThat(trades.get("trades")).hasSize(1);
        assertThat(trades.at("/trades/0/price").asText()).isEqualTo("2.5");
        assertThat(trades.at("/trades/0/quantity").asText()).isEqualTo("3");
        assertThat(trades.at("/trades/0/takerSide").asText()).isEqualTo("buy");
        assertThat(ok("market", "trades", contract).out()).contains("TAKERSIDE").contains("2.5");
        JsonNode book = ok("market", "book", contract, "--json").json();
        assertThat(book.at("/asks/0/price").asText()).isEqualTo("2.5");
        assertThat(book.at("/asks/0/quantity").asText()).isEqualTo("1");
        assertThat(book.get("bids")).isEmpty();
        assertThat(ok("market", "book", contract).out()).contains("SIDE").contains("ask");
        JsonNode shown = ok("market", "show", contract, "--json").json();
        assertThat(shown.get("lastPrice").asText()).isEqualTo("2.5");
        assertThat(shown.get("bestAsk").asText()).isEqualTo("2.5");
        assertThat(shown.get("markPrice").asText()).isEqualTo("2.5");
        JsonNode candles = ok("market", "candles", contract, "--period", "1h", "--json").json();
        assertThat(candles.get("candles")).hasSize(1);
        assertThat(candles.at("/candles/0/close").asText()).isEqualTo("2.5");
        assertThat(candles.at("/candles/0/baseVolume").asText()).isEqualTo("3");
        assertThat(ok("market", "candles", contract, "--from", "2000-01-01T00:00:00Z").out()).contains("OPEN");

        String investorAddress = address(investor);
        JsonNode open = ok("orders", investorAddress, "--json").json();
        assertThat(open.get("orders")).hasSize(1);
        assertThat(open.at("/orders/0/id").asText()).isEqualTo(sellId);
        assertThat(ok("orders", investorAddress).out()).contains(sellId).contains("REMAINING");
        assertThat(ok("order", "show", sellId, "--json").json().get("remaining").asText()).isEqualTo("1");

        JsonNode written = ok("option", "write", "--key", inv, "--underlying", contract, "--type", "call", "--strike",
                "3", "--expiry-height", "100000", "--size", "2", "--wait", "--json").json();
        assertThat(written.get("outcome").asText()).as(written.toString()).isEqualTo("applied");
        String series = written.get("series").asText();
        JsonNode option = ok("option", "show", series, "--json").json();
        assertThat(option.get("openInterest").asText()).isEqualTo("2");
        assertThat(option.get("type").asText()).isEqualTo("call");
        assertThat(option.at("/holders/" + investorAddress).asText()).isEqualTo("2");
        assertThat(ok("option", "show", option.get("token").asText()).out()).contains("openInterest");
        assertThat(ok("option", "list", "--underlying", contract).out()).contains(series);

        ok("order", "cancel", "--key", inv, "--order", sellId, "--wait");
        assertThat(fails("order", "show", sellId)).contains("no resting order");
        assertThat(ok("orders", investorAddress, "--json").json().get("orders")).isEmpty();
        assertThat(fails("market", "book", "garbage")).startsWith("bourse: MARKET:").doesNotContain("\n");
        assertThat(fails("market", "show", "coin-" + contract)).contains("Coin is always the quote")
                .contains(contract + "-coin");
        assertThat(fails("market", "trades", KeyPair.generate().address().text())).contains("unknown token");
        assertThat(fails("market", "candles", contract, "--period", "30s")).contains("period");
        assertThat(fails("order", "show", "nothex")).startsWith("bourse: ID:");
        assertThat(fails("option", "show", "zz")).startsWith("bourse: SERIES:");
        assertThat(fails("option", "show", "ef".repeat(32))).contains("unknown option series");
    }

    @Test
    void watchPrintsOneLinePerBlockAndReplaysFromAHeight() throws Exception {
        CliRun live = ok("watch", "--count", "2");
        List<String> lines = live.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("HEIGHT");
        CliRun replay = ok("watch", "--json", "--from", "1", "--count", "3");
        List<Long> heights = new ArrayList<>();
        for (String l : replay.out().lines().toList()) {
            heights.add(JSON.readTree(l).get("height").asLong());
        }
        assertThat(heights).containsExactly(1L, 2L, 3L);
    }

    @Test
    void badCommandLinesFailWithOneClearLine() throws Exception {
        assertThat(fails("transfer", "--key", investor.toString(), "--to", "garbage", "--amount", "1"))
                .startsWith("bourse: --to:").doesNotContain("\n");
        assertThat(fails("transfer", "--key", investor.toString(), "--to", address(trader), "--amount", "-1"))
                .startsWith("bourse: --amount:");
        assertThat(fails("balance", "bx123")).startsWith("bourse: ADDRESS:");
        assertThat(fails("block", "abc")).startsWith("bourse: HEIGHT:");
        assertThat(fails("block", "999999")).contains("no final block");
        assertThat(fails("commitment", "nothex")).startsWith("bourse: ID:");
        assertThat(fails("commitment", "cd".repeat(32))).contains("unknown commitment");
        assertThat(fails("status", "--node", "http://127.0.0.1:1")).contains("cannot reach the node");
        assertThat(fails("contract", "show", KeyPair.generate().address().text())).contains("unknown contract");
        assertThat(fails("contract", "deploy", "--key", signer0.toString(), "--code", dir.resolve("none.js").toString(),
                "--manager", manager.toString(), "--shares", "1", "--price", "1")).contains("no such file");
        Path code = dir.resolve("x.js");
        Files.writeString(code, "1");
        assertThat(fails("contract", "deploy", "--key", signer0.toString(), "--code", code.toString(),
                "--manager", manager.toString(), "--shares", "1", "--price", "1", "--manager-share", "200%"))
                .startsWith("bourse: --manager-share:");
        assertThat(fails("order", "place", "--key", trader.toString(), "--base", "coin", "--side", "up", "--price", "1",
                "--quantity", "1")).contains("--");
        assertThat(fails("watch", "--count", "0")).startsWith("bourse: --count:");
    }

    @Test
    void theHttpLayerRefusesHugeBodiesAndAnswersStreamsAndUnknownRoutes() throws Exception {
        HttpResponse<String> huge = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/commitments"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(huge.body()).get("error").asText()).contains("limit");
        HttpResponse<String> nowhere = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/nowhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(nowhere.body()).get("field").asText()).isEqualTo("path");
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/status"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).contains("GET");
        HttpResponse<java.util.stream.Stream<String>> sse = HTTP.send(HttpRequest.newBuilder(
                URI.create(api + "/v1/stream/blocks")).header("Last-Event-ID", "0").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        try (var lines = sse.body()) {
            assertThat(lines.filter(l -> l.startsWith("id:")).findFirst()).contains("id: 1");
        }
        assertThat(get("/v1/status").get("mempool").asInt()).isGreaterThanOrEqualTo(0);
    }
}
