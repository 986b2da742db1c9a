package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static io.bourse.node.api.ApiTest.assertErrorShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.p2p.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/contracts/{address}/ledger-actions}: what the ledger did to a contract on its own, here
 * the Repurchase of a contract its manager closed (K5), read from the chain's state. Its own chain,
 * so the closed contract does not change what ApiTest's chain shows.
 */
class LedgerActionsApiTest {
    static ApiHarness h;
    static Address closed;
    static Address active;
    static long repurchasedAt;

    @BeforeAll
    static void aContractIsBoughtClosedAndRepurchased() {
        h = new ApiHarness(false);
        h.finalizeBlock();
        Commitment c1 = h.submit(h.signer, creation("closes"));
        h.finalizeBlock();
        Commitment c2 = h.submit(h.signer, creation("stays"));
        h.finalizeBlock();
        closed = LedgerState.contractAddress(c1.id());
        active = LedgerState.contractAddress(c2.id());
        h.submit(h.investor, new Payloads.BuyFromContract(closed, Amount.ofWhole(10), Amount.ofWhole(2)));
        h.finalizeBlock();
        h.submit(h.trader, new Payloads.ContractClose(closed));
        h.finalizeBlock();
        repurchasedAt = h.finalizeBlock().height(); // the Repurchase runs at the start of the next block
    }

    /** Every answer these tests got, as docs/api.yaml documents it. */
    @org.junit.jupiter.api.AfterAll
    static void everyAnswerGivenMatchesTheDocument() {
        assertThat(h.seen).isNotEmpty();
        assertThat(ApiSpec.problems(h.seen)).as("answers against docs/api.yaml").isEmpty();
    }

    private static Payloads.ContractCreation creation(String name) {
        // the trader manages it and gets 10 % of the 1000 shares
        return new Payloads.ContractCreation(name, h.trader.publicKey(), "export function onBlock(ctx) { return []; }\n",
                new byte[0], "", Amount.ofWhole(1_000), Amount.ofWhole(2), 100_000, 0, "{}");
    }

    @Test
    void theRepurchaseShowsWithItsHeightKindSharesCoinAndNote() {
        JsonNode r = json(h.get("/v1/contracts/" + closed.text() + "/ledger-actions"));
        assertThat(r.get("contract").asText()).isEqualTo(closed.text());
        assertThat(r.get("height").asLong()).isEqualTo(h.chain.height());
        assertThat(r.get("total").asLong()).isEqualTo(1);
        assertThat(r.get("actions")).hasSize(1);
        JsonNode a = r.get("actions").get(0);
        assertThat(a.get("height").asLong()).isEqualTo(repurchasedAt);
        assertThat(a.get("kind").asText()).isEqualTo("repurchased");
        assertThat(a.get("token").asText()).isEqualTo(closed.text());
        assertThat(a.get("quantity").asText()).as("100 manager shares + 10 bought").isEqualTo("110");
        assertThat(a.get("coin").asText()).as("the 20 Coin the investor paid").isEqualTo("20");
        assertThat(a.get("note").asText()).contains("Repurchase").contains("Closed");
        assertThat(json(h.get("/v1/contracts/" + closed.text())).get("status").asText()).isEqualTo("Closed");
    }

    @Test
    void fromHidesOlderActionsAndAContractTheLedgerLeftAloneHasNone() {
        JsonNode later = json(h.get("/v1/contracts/" + closed.text() + "/ledger-actions?from=" + (repurchasedAt + 1)));
        assertThat(later.get("actions")).isEmpty();
        assertThat(later.get("total").asLong()).as("total counts every action, whatever from hides").isEqualTo(1);
        JsonNode same = json(h.get("/v1/contracts/" + closed.text() + "/ledger-actions?from=" + repurchasedAt));
        assertThat(same.get("actions")).hasSize(1);
        JsonNode none = json(h.get("/v1/contracts/" + active.text() + "/ledger-actions"));
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("actions")).isEmpty();
    }

    @Test
    void badInputIs400NamingTheFieldAndAnUnknownContract404() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/v1/contracts/bxbad/ledger-actions", "address");
        cases.put("/v1/contracts/nothex/ledger-actions", "address");
        cases.put("/v1/contracts/" + ApiTest.upperHex(closed.text()) + "/ledger-actions", "address");
        cases.put("/v1/contracts/" + closed.text() + "/ledger-actions?from=-1", "from");
        cases.put("/v1/contracts/" + closed.text() + "/ledger-actions?from=%2B5", "from");
        cases.put("/v1/contracts/" + closed.text() + "/ledger-actions?from=1&from=2", "from");
        cases.forEach((path, field) -> {
            HttpResponse r = h.get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertErrorShape(r, field);
        });
        Address nobody = KeyPair.generate().address();
        HttpResponse unknown = h.get("/v1/contracts/" + nobody.text() + "/ledger-actions");
        assertThat(unknown.status()).isEqualTo(404);
        assertErrorShape(unknown, "address");
        assertThat(json(unknown).get("reason").asText()).contains(nobody.text());
    }
}
