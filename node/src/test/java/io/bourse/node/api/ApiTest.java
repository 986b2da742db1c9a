package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.codec.Hex;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.OptionSeries;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API over a chain in memory: routes against docs/api.yaml, every read, and bad input to every
 * endpoint getting the one error shape and changing nothing. // covers: O2
 */
class ApiTest {
    static ApiHarness h;
    static Address contract;
    static Commitment creation;
    static Commitment purchase;
    static Commitment restingSell;
    static Commitment redemption;
    static Hash series;
    static final String CODE = "export function onBlock(ctx) { return []; }\n";

    @BeforeAll
    static void chainWithAContract() {
        h = new ApiHarness(false);
        h.finalizeBlock();
        creation = h.submit(h.signer, new Payloads.ContractCreation("fund", h.generator.publicKey(), CODE, new byte[0],
                "", Amount.ofWhole(1_000), Amount.ofWhole(2), 100_000, 5_000, "{}"));
        h.finalizeBlock();
        contract = LedgerState.contractAddress(creation.id());
        purchase = h.submit(h.investor, new Payloads.BuyFromContract(contract, Amount.ofWhole(10), Amount.ofWhole(2)));
        h.finalizeBlock();
        TokenId shares = TokenId.shareOf(contract);
        restingSell = h.submit(h.generator, new Payloads.PlaceOrder(shares, TokenId.COIN, Payloads.Side.SELL,
                Payloads.OrderType.LIMIT, Amount.ofWhole(5), Amount.ONE, 0));
        h.submit(h.generator, new Payloads.OptionWrite(contract, Payloads.OptionType.CALL, Amount.ofWhole(3), 10_000,
                Amount.ONE));
        redemption = h.submit(h.trader, new Payloads.CoinRedemption(Amount.ONE, "USD", "iban:DE02"));
        h.finalizeBlock();
        series = OptionSeries.idOf(contract, Payloads.OptionType.CALL, Amount.ofWhole(3).units(), 10_000);
    }

    /** Every answer the tests above got, bad input and missing things included, as docs/api.yaml documents it. */
    @org.junit.jupiter.api.AfterAll
    static void everyAnswerGivenMatchesTheDocument() {
        assertThat(h.seen).hasSizeGreaterThan(300);
        assertThat(ApiSpec.problems(h.seen)).as("answers against docs/api.yaml").isEmpty();
    }

    /** A documented route: method and path pattern. */
    record DocRoute(String method, String path) {
        String text() {
            return method + " " + path;
        }
    }

    static List<DocRoute> documented() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "api.yaml"));
        List<DocRoute> out = new ArrayList<>();
        Pattern path = Pattern.compile("^  (/\\S*):\\s*$");
        Pattern method = Pattern.compile("^    (get|post|put|delete|patch|head|options):\\s*$");
        boolean inPaths = false;
        String current = null;
        for (String l : lines) {
            if (l.startsWith("paths:")) {
                inPaths = true;
            } else if (!l.startsWith(" ") && !l.isBlank()) {
                inPaths = false;
            }
            Matcher p = path.matcher(l);
            Matcher m = method.matcher(l);
            if (inPaths && p.matches()) {
                current = p.group(1);
            } else if (inPaths && m.matches()) {
                out.add(new DocRoute(m.group(1).toUpperCase(java.util.Locale.ROOT), current));
            }
        }
        return out;
    }

    @Test
    void routerAndApiYamlListTheSameRoutes() throws Exception {
        assertThat(documented().stream().map(DocRoute::text).toList())
                .containsExactlyInAnyOrderElementsOf(h.api.routeTexts());
    }

    @Test
    void everyDocumentedRouteAnswersAndEveryOtherMethodIs405() throws Exception {
        for (DocRoute r : documented()) {
            String id = r.path().startsWith("/v1/orders/") ? restingSell.id().hex()
                    : r.path().startsWith("/v1/coin/redemptions/") ? redemption.id().hex() : purchase.id().hex();
            String path = r.path().replace("{height}", "1").replace("{id}", id)
                    .replace("{address}", contract.text()).replace("{market}", contract.text() + "-coin")
                    .replace("{series}", series.hex()).replace("{key}", "config")
                    + (r.path().equals("/ready") ? "?minPeers=0" : "");
            byte[] body = r.method().equals("POST") ? h.sign(h.investor, new Payloads.Transfer(h.signer.address(),
                    TokenId.COIN, Amount.ONE)).toBytes() : new byte[0];
            HttpResponse resp = r.path().equals("/v1/stream/blocks") ? null
                    : h.call(r.method(), path, "application/octet-stream", body);
            if (resp == null) {
                continue; // a stream: checked over HTTP by ClientIT
            }
            if (r.path().equals("/v1/creations/{id}")) {
                // this chain has no creation with sealed code: the documented 404 (SealedCreationApiTest reads one)
                assertThat(resp.status()).as(r.text()).isEqualTo(404);
                assertErrorShape(resp, "id");
            } else if (r.path().endsWith("/storage/{key}")) {
                // no contract ran in this chain, so its storage is empty: the documented 404 (values: ContractsIT)
                assertThat(resp.status()).as(r.text()).isEqualTo(404);
                assertErrorShape(resp, "key");
            } else {
                assertThat(resp.status()).as(r.text() + ": " + new String(resp.body(), StandardCharsets.UTF_8))
                        .isBetween(200, 299);
            }
            assertThat(ApiSpec.problems(r.method(), r.path(), resp)).as("the answer against docs/api.yaml").isEmpty();
            String other = r.method().equals("GET") ? "POST" : "GET";
            HttpResponse wrong = h.call(other, path.replace("?minPeers=0", ""), "application/json", new byte[0]);
            assertThat(wrong.status()).as(other + " " + path).isEqualTo(405);
            assertThat(wrong.headers()).containsEntry("allow", r.method());
            assertErrorShape(wrong, "method");
        }
    }

    @Test
    void unknownRoutesAre404WithTheErrorShape() {
        for (String p : List.of("/", "/v1", "/v1/", "/v2/status", "/v1/status/extra", "/v1/nothing", "/v1/blocks",
                "/v1/accounts", "/v1/contracts/a/b/c", "/health/x", "//v1//status", "/v1/markets",
                "/v1/markets/x/depth", "/v1/orders", "/v1/accounts/x/orders/y")) {
            HttpResponse r = h.get(p);
            assertThat(r.status()).as(p).isEqualTo(404);
            assertErrorShape(r, "path");
        }
    }

    @Test
    void badPathSegmentsAndQueriesAre400NamingTheField() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/v1/blocks/-1", "height");
        cases.put("/v1/blocks/abc", "height");
        cases.put("/v1/blocks/99999999999999999999999", "height");
        cases.put("/v1/blocks/1.5", "height");
        cases.put("/v1/accounts/nothex", "address");
        cases.put("/v1/accounts/" + "bx" + "0".repeat(5000), "address");
        cases.put("/v1/contracts/bxbad", "address");
        cases.put("/v1/contracts/bxbad/code", "address");
        cases.put("/v1/commitments/xyz", "id");
        cases.put("/v1/commitments/" + "ab".repeat(31), "id");
        cases.put("/v1/contracts?limit=0", "limit");
        cases.put("/v1/contracts?limit=abc", "limit");
        cases.put("/v1/contracts?limit=100000", "limit");
        cases.put("/v1/contracts?after=nope", "after");
        cases.put("/ready?minPeers=-1", "minPeers");
        cases.put("/ready?maxBlocksBehind=x", "maxBlocksBehind");
        cases.put("/v1/stream/blocks?from=-3", "from");
        String market = "/v1/markets/" + contract.text();
        cases.put("/v1/markets/x", "market");
        cases.put("/v1/markets/" + "bx".repeat(3000), "market");
        cases.put("/v1/markets/coin", "market");
        cases.put("/v1/markets/coin-" + contract.text(), "market");
        cases.put(market + "-" + contract.text(), "market");
        cases.put(market + "-coin-coin", "market");
        cases.put(market + "-bxnothex/book", "market");
        cases.put("/v1/markets/-coin/trades", "market");
        cases.put(market + "/book?levels=0", "levels");
        cases.put(market + "/book?levels=501", "levels");
        cases.put(market + "/book?levels=ten", "levels");
        cases.put(market + "/trades?limit=129", "limit");
        cases.put(market + "/candles?period=30000", "period");
        cases.put(market + "/candles?period=0", "period");
        cases.put(market + "/candles?period=5x", "period");
        cases.put(market + "/candles?from=yesterday", "from");
        cases.put(market + "/candles?to=-5", "to");
        cases.put(market + "/candles?from=100&to=50", "to");
        cases.put("/v1/orders/xyz", "id");
        cases.put("/v1/accounts/nothex/orders", "address");
        cases.put("/v1/options/zz", "series");
        cases.put("/v1/options/bxbad", "series");
        cases.put("/v1/options?underlying=bad", "underlying");
        cases.put("/v1/options?settled=maybe", "settled");
        cases.put("/v1/options?after=x", "after");
        cases.put("/v1/options?limit=0", "limit");
        cases.forEach((path, field) -> {
            HttpResponse r = h.get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertErrorShape(r, field);
            assertThat(r.body().length).as("the echo of bad input is cut").isLessThan(1_000);
        });
        HttpResponse r = h.call("GET", "/v1/stream/blocks", Map.of("last-event-id", "x"), new byte[0]);
        assertThat(r.status()).isEqualTo(400);
        assertErrorShape(r, "Last-Event-ID");
    }

    /** Each bad input with the field its 400 must name; a GET changes nothing, so the answer is all. */
    static void assertAll400(Map<String, String> cases) {
        cases.forEach((path, field) -> {
            HttpResponse r = h.get(path);
            assertThat(r.status()).as(path + " " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(400);
            assertErrorShape(r, field);
        });
    }

    @Test
    void numbersAreAsciiDigitsOnlyWithoutSignAndWithinTheirType() {
        String market = "/v1/markets/" + contract.text();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        for (String n : List.of("+5", "١٢", "１２", "۱", "+0", " 1", "1 ", "0x10", "1e3", "1_000", "",
                "99999999999999999999", "9223372036854775808", "00000000000000000001")) {
            if (!n.isEmpty()) { // "/v1/blocks/" is another route's path: a 404
                cases.put("/v1/blocks/" + n, "height");
            }
            cases.put("/v1/stream/blocks?from=" + q(n), "from");
        }
        for (String n : List.of("+5", "١٢", "１２", "+0", "-0", " 5", "2147483648", "99999999999999999999")) {
            cases.put("/v1/contracts?limit=" + q(n), "limit");
            cases.put("/v1/options?limit=" + q(n), "limit");
            cases.put("/ready?maxBlocksBehind=" + q(n), "maxBlocksBehind");
            cases.put("/ready?minPeers=" + q(n), "minPeers");
            cases.put(market + "/book?levels=" + q(n), "levels");
            cases.put(market + "/trades?limit=" + q(n), "limit");
        }
        for (String n : List.of("+60000", "٦٠٠٠٠", "６００００", "+1m", "١m", " 1m", "99999999999999999999")) {
            cases.put(market + "/candles?period=" + q(n), "period");
        }
        for (String n : List.of("+100", "١٠٠", "１００", " 100", "99999999999999999999")) {
            cases.put(market + "/candles?from=" + q(n), "from");
            cases.put(market + "/candles?to=" + q(n), "to");
        }
        assertAll400(cases);
        for (String n : List.of("+1", "١", "１", "99999999999999999999", "-1")) {
            HttpResponse r = h.call("GET", "/v1/stream/blocks", Map.of("last-event-id", n), new byte[0]);
            assertThat(r.status()).as(n).isEqualTo(400);
            assertErrorShape(r, "Last-Event-ID");
        }
        assertThat(json(h.get("/v1/blocks/01")).get("height").asLong()).as("leading zeros are digits").isEqualTo(1);
        assertThat(h.get("/v1/contracts?limit=1000").status()).isEqualTo(200);
        assertThat(h.get("/ready?maxBlocksBehind=2147483647&minPeers=0").status()).isEqualTo(200);
    }

    @Test
    void hexInPathsAndQueriesIsLowerCaseOnly() {
        String upperContract = upperHex(contract.text());
        assertThat(upperContract).isNotEqualTo(contract.text());
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/v1/commitments/" + purchase.id().hex().toUpperCase(java.util.Locale.ROOT), "id");
        cases.put("/v1/commitments/" + mixedCase(purchase.id().hex()), "id");
        cases.put("/v1/orders/" + restingSell.id().hex().toUpperCase(java.util.Locale.ROOT), "id");
        cases.put("/v1/options/" + series.hex().toUpperCase(java.util.Locale.ROOT), "series");
        cases.put("/v1/options/" + upperHex(TokenId.shareOf(contract).text()), "series");
        cases.put("/v1/options?after=" + series.hex().toUpperCase(java.util.Locale.ROOT), "after");
        cases.put("/v1/options?underlying=" + upperContract, "underlying");
        cases.put("/v1/accounts/" + upperContract, "address");
        cases.put("/v1/accounts/" + "BX" + contract.text().substring(2), "address");
        cases.put("/v1/accounts/" + upperContract + "/orders", "address");
        cases.put("/v1/contracts/" + upperContract, "address");
        cases.put("/v1/contracts/" + upperContract + "/code", "address");
        cases.put("/v1/contracts?after=" + upperContract, "after");
        cases.put("/v1/markets/" + upperContract, "market");
        cases.put("/v1/markets/" + upperContract + "-coin/book", "market");
        cases.put("/v1/markets/" + contract.text() + "-COIN", "market");
        cases.put("/v1/markets/" + contract.text() + "-Coin/trades", "market");
        assertAll400(cases);
        assertThat(h.get("/v1/options/" + series.hex()).status()).isEqualTo(200);
        assertThat(h.get("/v1/markets/" + contract.text() + "-coin").status()).isEqualTo(200);
    }

    @Test
    void aRepeatedQueryParameterIs400NamingIt() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/v1/contracts?limit=1&limit=2", "limit");
        cases.put("/v1/contracts?after=" + contract.text() + "&after=" + contract.text(), "after");
        cases.put("/v1/options?settled=true&settled=false", "settled");
        cases.put("/v1/options?settled=TRUE", "settled");
        cases.put("/v1/options?settled=" + q(" true"), "settled");
        cases.put("/ready?minPeers=0&minPeers=0", "minPeers");
        cases.put("/v1/stream/blocks?from=1&from=2", "from");
        cases.put("/v1/markets/" + contract.text() + "/candles?period=1m&period=1h", "period");
        assertAll400(cases);
    }

    @Test
    void duplicatedKeysUpperCaseHexAndTrailingJsonAreRefusedAndChangeNothing() {
        int pool = h.mempool.size();
        int gossiped = h.gossiped.size();
        Commitment good = h.sign(h.investor, new Payloads.Transfer(KeyPair.generate().address(), TokenId.COIN,
                Amount.ONE));
        Commitment other = h.sign(h.investor, new Payloads.Transfer(KeyPair.generate().address(), TokenId.COIN,
                Amount.ONE));
        String hex = Hex.encode(good.toBytes());
        String otherHex = Hex.encode(other.toBytes());
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"encoded\":\"" + otherHex + "\",\"encoded\":\"" + hex + "\"}", "encoded");
        bodies.put("{\"encoded\":\"" + hex + "\",\"encoded\":\"" + hex + "\"}", "encoded");
        bodies.put("{\"x\":1,\"x\":2}", "x");
        bodies.put("{\"encoded\":\"" + hex.toUpperCase(java.util.Locale.ROOT) + "\"}", "encoded");
        bodies.put("{\"encoded\":\"" + mixedCase(hex) + "\"}", "encoded");
        bodies.put("{\"encoded\":\"" + hex + "\"} {\"encoded\":\"" + otherHex + "\"}", "body");
        bodies.put("{\"encoded\":\"" + hex + "\"}]", "body");
        bodies.forEach((body, field) -> {
            HttpResponse r = h.call("POST", "/v1/commitments", "application/json", body.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertErrorShape(r, field);
        });
        assertThat(h.mempool.size()).isEqualTo(pool);
        assertThat(h.mempool.contains(good.id()) || h.mempool.contains(other.id())).isFalse();
        assertThat(h.gossiped).hasSize(gossiped);
        HttpResponse once = h.call("POST", "/v1/commitments", "application/json",
                ("{\"encoded\":\"" + hex + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(once.status()).as("the same bytes, given once in lower case").isEqualTo(202);
    }

    /** A query value as a client sends it: percent-encoded, so {@code +} stays a plus sign. */
    static String q(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The text with every hex letter after the first two characters in upper case. */
    static String upperHex(String addressText) {
        return addressText.substring(0, 2) + addressText.substring(2).toUpperCase(java.util.Locale.ROOT);
    }

    /** Lower-case hex with its first letter a-f made upper case (so exactly one digit is off). */
    static String mixedCase(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) >= 'a') {
                return hex.substring(0, i) + Character.toUpperCase(hex.charAt(i)) + hex.substring(i + 1);
            }
        }
        throw new AssertionError("no hex letter in " + hex);
    }

    @Test
    void missingThingsAre404() {
        assertThat(h.get("/v1/blocks/100000").status()).isEqualTo(404);
        Address nobody = KeyPair.generate().address();
        assertErrorShape(h.get("/v1/contracts/" + nobody.text()), "address");
        assertThat(h.get("/v1/contracts/" + nobody.text()).status()).isEqualTo(404);
        assertThat(h.get("/v1/contracts/" + nobody.text() + "/code").status()).isEqualTo(404);
        String swap = nobody.compareTo(contract) < 0 ? nobody.text() + "-" + contract.text()
                : contract.text() + "-" + nobody.text();
        for (String p : List.of("/v1/markets/" + nobody.text(), "/v1/markets/" + nobody.text() + "-coin/book",
                "/v1/markets/" + swap + "/trades")) {
            assertThat(h.get(p).status()).as(p).isEqualTo(404);
            assertErrorShape(h.get(p), "market");
        }
        assertThat(h.get("/v1/orders/" + purchase.id().hex()).status()).isEqualTo(404);
        assertErrorShape(h.get("/v1/orders/" + purchase.id().hex()), "id");
        assertThat(h.get("/v1/options/" + Hash.of(new byte[] {2}).hex()).status()).isEqualTo(404);
        assertErrorShape(h.get("/v1/options/" + nobody.text()), "series");
        HttpResponse unknown = h.get("/v1/commitments/" + Hash.of(new byte[] {1}).hex());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("status").asText()).isEqualTo("unknown");
        assertErrorShape(unknown, "id");
    }

    @Test
    void malformedSubmissionsGetAClearErrorAndChangeNothing() {
        int pool = h.mempool.size();
        long nonce = h.chain.readState(s -> LedgerState.nonce(s, h.investor.address()));
        Commitment good = h.sign(h.investor, new Payloads.Transfer(h.signer.address(), TokenId.COIN, Amount.ONE));
        byte[] tampered = good.toBytes();
        tampered[tampered.length - 1] ^= 1;
        Commitment otherChain = Commitment.sign(h.investor, ChainId.of("elsewhere"), nonce,
                new Payloads.Transfer(h.signer.address(), TokenId.COIN, Amount.ONE));
        record Bad(String type, byte[] body, int status, String field) {
        }
        List<Bad> bad = List.of(
                new Bad("application/json", "{\"nonsense\":".getBytes(StandardCharsets.UTF_8), 400, "body"),
                new Bad("application/json", new byte[0], 400, "body"),
                new Bad("application/json", "[]".getBytes(StandardCharsets.UTF_8), 400, "body"),
                new Bad("application/json", "\"encoded\"".getBytes(StandardCharsets.UTF_8), 400, "body"),
                new Bad("application/json", "{}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":null}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":12}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":[\"00\"]}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":\"zz\"}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":\"abc\"}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":\"\"}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", "{\"encoded\":\"0001\"}".getBytes(StandardCharsets.UTF_8), 400, "encoded"),
                new Bad("application/json", ("{\"encoded\":\"" + Hex.encode(good.toBytes()) + "\",\"x\":1}")
                        .getBytes(StandardCharsets.UTF_8), 400, "x"),
                new Bad("text/plain", "hello".getBytes(StandardCharsets.UTF_8), 400, "body"),
                new Bad("application/octet-stream", new byte[0], 400, "encoded"),
                new Bad("application/octet-stream", new byte[] {1, 2, 3, 4, 5}, 400, "encoded"),
                new Bad("application/octet-stream", new byte[4096], 400, "encoded"),
                new Bad("application/octet-stream", tampered, 400, "signature"),
                new Bad("application/octet-stream", otherChain.toBytes(), 400, "chainId"),
                new Bad("application/octet-stream", Commitment.sign(h.investor, ApiHarness.CHAIN, nonce - 1,
                        new Payloads.Transfer(h.signer.address(), TokenId.COIN, Amount.ONE)).toBytes(), 409, "nonce"),
                new Bad("application/octet-stream", Commitment.sign(h.investor, ApiHarness.CHAIN, nonce + 10_000,
                        new Payloads.Transfer(h.signer.address(), TokenId.COIN, Amount.ONE)).toBytes(), 400, "nonce"));
        for (Bad b : bad) {
            HttpResponse r = h.call("POST", "/v1/commitments", b.type(), b.body());
            assertThat(r.status()).as(b.type() + " " + new String(b.body(), StandardCharsets.UTF_8)).isEqualTo(b.status());
            assertErrorShape(r, b.field());
        }
        assertThat(h.mempool.size()).isEqualTo(pool);
        long after = h.chain.readState(s -> LedgerState.nonce(s, h.investor.address()));
        assertThat(after).isEqualTo(nonce);
    }

    @Test
    void bothEncodingsSubmitTheSameCommitment() {
        KeyPair sender = KeyPair.generate();
        Commitment c = h.sign(h.investor, new Payloads.Transfer(sender.address(), TokenId.COIN, Amount.ONE));
        HttpResponse first = h.call("POST", "/v1/commitments", "application/json",
                ("{\"encoded\":\"" + Hex.encode(c.toBytes()) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).isEqualTo(202);
        assertThat(json(first).get("id").asText()).isEqualTo(c.id().hex());
        HttpResponse again = h.call("POST", "/v1/commitments", "application/octet-stream", c.toBytes());
        assertThat(again.status()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("pending");
        assertThat(h.gossiped).contains(c);
        JsonNode status = json(h.get("/v1/commitments/" + c.id().hex()));
        assertThat(status.get("status").asText()).isEqualTo("pending");
        JsonNode acct = json(h.get("/v1/accounts/" + h.investor.address().text()));
        assertThat(acct.get("pendingNonce").asLong()).isEqualTo(acct.get("nextNonce").asLong() + 1);
    }

    @Test
    void finalCommitmentsShowTheirReceiptAppliedOrRejected() {
        KeyPair poor = KeyPair.generate();
        Commitment tooMuch = h.submit(poor, new Payloads.Transfer(h.investor.address(), TokenId.COIN, Amount.ofWhole(5)));
        Commitment ok = h.submit(h.investor, new Payloads.Transfer(poor.address(), TokenId.COIN, Amount.ofWhole(3)));
        h.finalizeBlock();
        JsonNode rejected = json(h.get("/v1/commitments/" + tooMuch.id().hex()));
        assertThat(rejected.get("status").asText()).isEqualTo("final");
        assertThat(rejected.get("outcome").asText()).isEqualTo("rejected");
        assertThat(rejected.at("/receipt/reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");
        JsonNode applied = json(h.get("/v1/commitments/" + ok.id().hex()));
        assertThat(applied.get("outcome").asText()).isEqualTo("applied");
        assertThat(applied.at("/commitment/payload/amount").asText()).isEqualTo("3");
        assertThat(json(h.get("/v1/accounts/" + poor.address().text())).at("/balances/coin").asText()).isEqualTo("3");
    }

    @Test
    void contractReadsShowStateSharesPriceManagerAndHoldings() {
        JsonNode list = json(h.get("/v1/contracts"));
        assertThat(list.get("total").asInt()).isEqualTo(1);
        JsonNode item = list.get("contracts").get(0);
        assertThat(item.get("address").asText()).isEqualTo(contract.text());
        assertThat(item.get("status").asText()).isEqualTo("Active");
        assertThat(item.get("price").asText()).isEqualTo("2");
        JsonNode c = json(h.get("/v1/contracts/" + contract.text()));
        assertThat(c.get("manager").asText()).isEqualTo(h.generator.address().text());
        assertThat(c.get("shares").asText()).isEqualTo("1000");
        assertThat(c.get("treasury").asText()).isEqualTo("890"); // 1000 − 10% manager − 10 bought
        assertThat(c.at("/holders/" + h.investor.address().text()).asText()).isEqualTo("10");
        assertThat(c.at("/holdings/coin").asText()).isEqualTo("20");
        assertThat(c.get("creationId").asText()).isEqualTo(creation.id().hex());
        assertThat(new String(h.get("/v1/contracts/" + contract.text() + "/code").body(), StandardCharsets.UTF_8))
                .isEqualTo(CODE);
        JsonNode acct = json(h.get("/v1/accounts/" + h.investor.address().text()));
        assertThat(acct.at("/balances/" + contract.text()).asText()).isEqualTo("10");
        assertThat(json(h.get("/v1/accounts/" + contract.text())).get("isContract").asBoolean()).isTrue();
        JsonNode page = json(h.get("/v1/contracts?after=" + contract.text()));
        assertThat(page.get("contracts")).isEmpty();
    }

    @Test
    void supplyParametersAndStatusReadTheChain() {
        JsonNode s = json(h.get("/v1/supply"));
        assertThat(Amount.parse(s.get("circulating").asText())).isEqualTo(Amount.parse(s.get("minted").asText())
                .minus(Amount.parse(s.get("burned").asText())));
        assertThat(s.get("rates")).hasSize(3);
        assertThat(json(h.get("/v1/parameters")).get("chainId").asText()).isEqualTo("api-test");
        JsonNode st = json(h.get("/v1/status"));
        assertThat(st.get("height").asLong()).isEqualTo(h.chain.height());
        assertThat(st.get("role").asText()).isEqualTo("generator");
        JsonNode b = json(h.get("/v1/blocks/latest"));
        assertThat(b.get("height").asLong()).isEqualTo(h.chain.height());
        assertThat(b.has("certificate")).isTrue();
    }

    @Test
    void supplyShowsTheOperatorsReportPendingPayoutsAndFlagsBesideTheChain() { // covers: N2, N3, N6
        ApiHarness h = new ApiHarness(false); // its own chain: the operator changes the Coin Contract's configuration
        h.finalizeBlock();
        JsonNode before = json(h.get("/v1/supply"));
        assertThat(before.get("acceptedCurrencies")).extracting(JsonNode::asText).containsExactly("BTC", "ETH", "USD");
        assertThat(before.get("latestReport").isNull()).isTrue();
        assertThat(before.get("flags")).extracting(f -> f.get("code").asText()).contains("no-reserve-report");

        h.submit(h.coinOperator, new Payloads.CoinConfigUpdate(List.of("USD", "EUR")));
        Commitment red = h.submit(h.investor, new Payloads.CoinRedemption(Amount.ONE, "USD", "iban:DE01"));
        h.submit(h.coinOperator, new Payloads.CoinReserveReport(List.of(new Payloads.Reserve("USD", Amount.ofWhole(5))),
                "First Custody Bank", "https://audit.example/1"));
        h.finalizeBlock();
        JsonNode s = json(h.get("/v1/supply"));
        assertThat(s.get("acceptedCurrencies")).extracting(JsonNode::asText).containsExactly("USD", "EUR");
        assertThat(s.get("rates")).extracting(r -> r.get("currency").asText()).containsExactly("USD", "EUR");
        assertThat(s.get("burned").asText()).isEqualTo("1");
        JsonNode payouts = s.get("payouts");
        assertThat(payouts.get("pendingCount").asLong()).isEqualTo(1);
        assertThat(payouts.get("pendingCoin").asText()).isEqualTo("1");
        assertThat(payouts.get("oldestPending")).singleElement().satisfies(r -> {
            assertThat(r.get("id").asText()).isEqualTo(red.id().hex());
            assertThat(r.get("payoutRef").asText()).isEqualTo("iban:DE01");
            assertThat(r.get("payout").isNull()).isTrue();
        });
        JsonNode report = s.get("latestReport");
        assertThat(report.get("number").asLong()).isEqualTo(1);
        assertThat(report.get("custodian").asText()).isEqualTo("First Custody Bank");
        assertThat(report.get("reserves")).singleElement().satisfies(r -> assertThat(r.get("amount").asText()).isEqualTo("5"));
        assertThat(report.get("unvalued")).extracting(JsonNode::asText).containsExactly("USD"); // no rate sources report
        assertThat(s.get("flags")).extracting(f -> f.get("code").asText()).containsExactly("reserves-unvalued");

        h.submit(h.coinOperator, new Payloads.CoinPayout(red.id(), "wire-77", Amount.ONE));
        h.finalizeBlock();
        JsonNode r = json(h.get("/v1/coin/redemptions/" + red.id().hex()));
        assertThat(r.get("redeemer").asText()).isEqualTo(h.investor.address().text());
        assertThat(r.get("payout").get("reference").asText()).isEqualTo("wire-77");
        assertThat(r.get("payout").get("paid").asText()).isEqualTo("1");
        assertThat(r.get("mismatched").asBoolean()).isFalse();
        assertThat(json(h.get("/v1/supply")).get("payouts").get("paidCount").asLong()).isEqualTo(1);

        HttpResponse unknown = h.get("/v1/coin/redemptions/" + "ab".repeat(32));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("field").asText()).isEqualTo("id");
        HttpResponse bad = h.get("/v1/coin/redemptions/xyz");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("id");
    }

    @Test
    void corsIsOffByDefaultAndOnWhenConfigured() {
        HttpResponse off = h.get("/v1/status");
        assertThat(off.headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(h.call("OPTIONS", "/v1/status", (String) null, new byte[0]).status()).isEqualTo(405);
        ApiHarness on = new ApiHarness(true);
        assertThat(on.get("/v1/status").headers()).containsEntry("access-control-allow-origin", "*");
        HttpResponse pre = on.call("OPTIONS", "/v1/commitments", (String) null, new byte[0]);
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.headers()).containsEntry("access-control-allow-methods", "POST");
        assertThat(on.get("/nothing").headers()).containsEntry("access-control-allow-origin", "*");
    }

    @Test
    void blockSummaryNamesCommitmentsWithoutTheirPayloads() {
        var b = h.chain.store().block(2).orElseThrow();
        JsonNode s = JsonViews.blockSummary(b, h.chain.store().certificate(2));
        assertThat(s.get("kind").asText()).isEqualTo("special");
        assertThat(s.get("commitmentCount").asInt()).isEqualTo(1);
        assertThat(s.at("/commitments/0/kind").asText()).isEqualTo("contract_creation");
        assertThat(s.at("/commitments/0/payload").isMissingNode()).isTrue();
        assertThat(s.at("/certificate/signers")).hasSize(2);
    }

    static void assertErrorShape(HttpResponse r, String field) {
        JsonNode j = json(r);
        assertThat(j.has("error") && j.has("field") && j.has("reason")).as(j.toString()).isTrue();
        assertThat(j.get("error").asText()).isNotBlank();
        assertThat(j.get("field").asText()).as(j.toString()).isEqualTo(field);
        assertThat(r.contentType()).startsWith("application/json");
    }
}
