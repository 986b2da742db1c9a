package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * K2 through the API: a creation with sealed code is listed as pending with its report reference
 * and hashes, then as created with its contract; the contract's record shows what was approved;
 * no answer — creations, contract, code, block, receipts — carries the sealed section's text.
 */
class SealedCreationApiTest { // covers: K2
    static final String SECRET = "SECRET_API_4d1e";
    static final String SOURCE = "function onNewBlock(ctx) { ctx.storage.set('x', f()); }\n"
            + "// @sealed-begin\nfunction f() { return '" + SECRET + "'; }\n// @sealed-end";

    final KeyPair server = KeyPair.generate();
    final ApiHarness h = new ApiHarness(false, List.of(server.publicKey()));
    final List<String> answers = new ArrayList<>();

    private JsonNode read(String path) {
        HttpResponse r = h.get(path);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        answers.add(body);
        assertThat(r.status()).as(path + ": " + body).isEqualTo(200);
        return json(r);
    }

    @Test
    void aSealedCreationIsVisiblePendingThenCreatedAndItsTextNowhere() {
        h.finalizeBlock();
        Hash reportHash = Hash.of("the vendor's report".getBytes(StandardCharsets.UTF_8));
        String report = new ReviewReport("Owl Audits", "https://owl.example/r/3", reportHash).format();
        SealedSource.Split split = SealedSource.split(SOURCE, Set.of());
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(server.publicKey()),
                SealedSource.context(split.publicCode(), report), new SecureRandom());
        Commitment creation = h.submit(h.signer, new Payloads.ContractCreation("sealed", h.investor.publicKey(),
                split.publicCode(), sc.toBytes(), report, Amount.ofWhole(100), Amount.ONE, 0, 0, "{}"));
        long createdAt = h.finalizeBlock().height();

        JsonNode list = read("/v1/creations");
        JsonNode item = list.at("/creations/0");
        assertThat(item.get("id").asText()).isEqualTo(creation.id().hex());
        assertThat(item.get("status").asText()).isEqualTo("pending");
        assertThat(item.get("submittedAt").asLong()).isEqualTo(createdAt);
        assertThat(item.at("/reviewReport/vendor").asText()).isEqualTo("Owl Audits");
        assertThat(item.at("/reviewReport/sha256").asText()).isEqualTo(reportHash.hex());
        assertThat(item.at("/sealed/contentHash").asText()).isEqualTo(sc.contentHash().hex());
        assertThat(item.at("/sealed/sha256").asText()).isEqualTo(Hash.of(sc.toBytes()).hex());
        assertThat(item.at("/sealed/wrappedTo/0").asText()).isEqualTo(server.publicKey().hex());
        assertThat(read("/v1/creations/" + creation.id().hex()).get("publicCode").asText()).isEqualTo(split.publicCode());

        Commitment check = h.submit(server, SealedCodeCheck.opened(creation.id()));
        Commitment approval = h.submit(h.generator, new Payloads.EncryptedCodeApproval(creation.id(), true));
        h.finalizeBlock(); // the check, in a normal block
        h.finalizeBlock(); // the approval, in a special block
        JsonNode done = read("/v1/creations/" + creation.id().hex());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("created");
        assertThat(done.at("/approvals/0/signer").asText()).isEqualTo(h.generator.address().text());
        assertThat(done.at("/opensOn/0/server").asText()).isEqualTo(server.address().text());
        read("/v1/commitments/" + check.id().hex());
        Address contract = LedgerState.contractAddress(creation.id());
        assertThat(done.get("contract").asText()).isEqualTo(contract.text());
        JsonNode rec = read("/v1/contracts/" + contract.text());
        assertThat(rec.at("/sealed/contentHash").asText()).isEqualTo(sc.contentHash().hex());
        assertThat(rec.at("/sealed/reviewReport/url").asText()).isEqualTo("https://owl.example/r/3");
        String code = new String(h.get("/v1/contracts/" + contract.text() + "/code").body(), StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(split.publicCode());
        answers.add(code);
        read("/v1/commitments/" + creation.id().hex());
        read("/v1/commitments/" + approval.id().hex());
        for (long height = 1; height <= h.chain.height(); height++) {
            read("/v1/blocks/" + height);
        }
        assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a).doesNotContain(SECRET));
        assertThat(h.get("/v1/creations/" + "ab".repeat(32)).status()).isEqualTo(404);
        assertThat(h.get("/v1/creations/xyz").status()).isEqualTo(400);
    }
}
