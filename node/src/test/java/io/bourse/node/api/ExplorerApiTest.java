package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import io.bourse.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explorer's files and the value-per-share endpoints over a chain in memory, each answer
 * checked against docs/api.yaml. // covers: O6, O2
 */
class ExplorerApiTest {
    static ApiHarness h;
    static Address contract;

    @BeforeAll
    static void aContractBoughtTwice() {
        h = new ApiHarness(false, true);
        h.finalizeBlock();
        Commitment creation = h.submit(h.signer, new Payloads.ContractCreation("fund", h.generator.publicKey(),
                "export function onBlock(ctx) { return []; }\n", new byte[0], "", Amount.ofWhole(1_000),
                Amount.ofWhole(2), 100_000, 5_000, "{}"));
        h.finalizeBlock();
        contract = LedgerState.contractAddress(creation.id());
        h.finalizeBlock();
        h.submit(h.investor, new Payloads.BuyFromContract(contract, Amount.ofWhole(10), Amount.ofWhole(2)));
        h.finalizeBlock();
        h.finalizeBlock();
        h.submit(h.trader, new Payloads.BuyFromContract(contract, Amount.ofWhole(10), Amount.ofWhole(2)));
        h.finalizeBlock();
    }

    /** Every answer these tests got, as docs/api.yaml documents it. */
    @org.junit.jupiter.api.AfterAll
    static void everyAnswerGivenMatchesTheDocument() {
        assertThat(h.seen).isNotEmpty();
        assertThat(ApiSpec.problems(h.seen)).as("answers against docs/api.yaml").isEmpty();
    }

    static JsonNode conforming(String pattern, String path) {
        HttpResponse r = h.get(path);
        assertThat(r.status()).as(path + " " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(ApiSpec.problems("GET", pattern, r)).as("against docs/api.yaml").isEmpty();
        return json(r);
    }

    @Test
    void valueHistoryHasAPointEachTimeTheValuePerShareChanged() {
        JsonNode j = conforming("/v1/contracts/{address}/value-history", "/v1/contracts/" + contract.text()
                + "/value-history");
        // creation (height 2): manager's 100 shares outstanding, no Coin: 0; after the first purchase
        // 20 Coin over 110 shares = 0.18181818; after the second 40 over 120 = 0.33333333
        assertThat(j.get("points")).extracting(p -> p.get("valuePerShare").asText())
                .containsExactly("0", "0.18181818", "0.33333333");
        assertThat(j.get("points")).extracting(p -> p.get("height").asLong()).containsExactly(2L, 4L, 6L);
        assertThat(j.get("complete").asBoolean()).isTrue();
        JsonNode page = conforming("/v1/contracts/{address}/value-history", "/v1/contracts/" + contract.text()
                + "/value-history?from=3&limit=1");
        assertThat(page.get("points")).extracting(p -> p.get("height").asLong()).containsExactly(4L);
        assertThat(page.get("next").asLong()).isEqualTo(6);
    }

    @Test
    void aNodeStartedOnAChainItHasReplaysItIntoTheSameHistory() throws Exception {
        ValueIndex late = new ValueIndex(h.chain, Optional.of(h.genesis));
        Await.until("the replay", Duration.ofSeconds(30), late::complete);
        List<String> replayed = late.read(contract, ValueHistory::points).orElseThrow().stream()
                .map(p -> p.height() + ":" + p.perShare()).toList();
        assertThat(replayed).containsExactly("2:0", "4:18181818", "6:33333333");
        assertThat(late.since()).isZero();
        ValueIndex fromHead = new ValueIndex(h.chain, Optional.empty());
        assertThat(fromHead.since()).as("without the genesis the history starts at the head").isEqualTo(h.chain.height());
        assertThat(fromHead.read(contract, ValueHistory::points).orElseThrow()).singleElement()
                .extracting(ValueHistory.Point::perShare).isEqualTo(33_333_333L);
    }

    @Test
    void performanceGivesTheValueItsChangesDrawdownAndFees() {
        JsonNode p = conforming("/v1/contracts/{address}/performance", "/v1/contracts/" + contract.text()
                + "/performance");
        assertThat(p.get("value").asText()).isEqualTo("40");
        assertThat(p.get("outstanding").asText()).isEqualTo("120");
        assertThat(p.get("valuePerShare").asText()).isEqualTo("0.33333333");
        // all time from the first value above zero, 0.18181818: 15,151,515 ÷ 18,181,818 = +83.33…% → 833,333
        assertThat(p.at("/changeAllTime/ppm").asLong()).isEqualTo(833_333);
        assertThat(p.at("/changeAllTime/from/height").asLong()).isEqualTo(4);
        assertThat(p.get("change1d").isNull()).as("the chain is younger than a day").isTrue();
        assertThat(p.get("maxDrawdownPpm").asLong()).isZero();
        assertThat(p.get("feesPaidCoin").asText()).isEqualTo("0");
    }

    @Test
    void badInputNamesTheFieldAndAnUnknownContractIs404() {
        String base = "/v1/contracts/" + contract.text();
        for (var c : List.of(List.of(base + "/value-history?limit=0", "limit"),
                List.of(base + "/value-history?limit=10001", "limit"), List.of(base + "/value-history?from=-1", "from"),
                List.of("/v1/contracts/bxnothex/performance", "address"))) {
            HttpResponse r = h.get(c.get(0));
            assertThat(r.status()).as(c.get(0)).isEqualTo(400);
            ApiTest.assertErrorShape(r, c.get(1));
        }
        HttpResponse missing = h.get("/v1/contracts/" + h.investor.address().text() + "/performance");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(ApiSpec.problems("GET", "/v1/contracts/{address}/performance", missing)).isEmpty();
    }

    @Test
    void theExplorerPageSwaggerUiAndTheirLibrariesAreServedFromTheJar() {
        HttpResponse page = h.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("/explorer/app.js")
                .contains("/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(h.get("/explorer/app.js").contentType()).startsWith("text/javascript");
        assertThat(h.get("/webjars/uplot/dist/uPlot.iife.min.js").body().length).isGreaterThan(10_000);
        HttpResponse docs = h.get("/api-docs");
        assertThat(new String(docs.body(), StandardCharsets.UTF_8)).contains("/api.yaml").contains("swagger-ui-bundle.js");
        assertThat(h.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
        assertThat(new String(h.get("/api.yaml").body(), StandardCharsets.UTF_8)).startsWith("openapi: 3.");
        for (String p : List.of("/explorer/../api.yaml", "/webjars/nothing/x.js", "/explorer/", "/webjars/uplot/../../x",
                "/explorer/app.class")) {
            assertThat(h.get(p).status()).as(p).isEqualTo(404);
        }
        assertThat(h.call("POST", "/", "application/json", new byte[0]).status()).isEqualTo(404);
    }

    @Test
    void withTheExplorerOffTheRootIsAnUnknownRoute() {
        ApiHarness off = new ApiHarness(false, false);
        assertThat(off.get("/").status()).isEqualTo(404);
        assertThat(off.get("/api-docs").status()).isEqualTo(404);
        assertThat(off.get("/v1/status").status()).isEqualTo(200);
    }
}
