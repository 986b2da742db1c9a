package io.bourse.cli;

import static io.bourse.cli.DevnetIT.JSON;
import static io.bourse.cli.DevnetIT.await;
import static io.bourse.cli.DevnetIT.cli;
import static io.bourse.cli.DevnetIT.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.PublicKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * K2 on the devnet, through the CLI as operators use it: a copy of the index fund with its strategy
 * constants sealed is deployed (pending), approved by signer operators (created), funded, and trades
 * against the example market maker on results both execution servers agreed (their checks that its
 * sealed code opens arrive by themselves); a second one is refused by one rejection, with a receipt
 * that says so; a third, whose sealed section was tampered with, is refused by the execution
 * servers' own check, with a receipt that says why; a vote with the wrong report is never submitted;
 * and the sealed text is in no API answer, block, receipt, metric or node log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SealedCodeDevnetIT { // covers: K2, K6
    static final String MARKER = "SEALED_IT_" + UUID.randomUUID().toString().replace("-", "");
    @TempDir
    static Path dir;
    static TestDevnet devnet;
    static String api;
    static Path net;
    static Path code;
    static Path report;
    static String created;

    @BeforeAll
    static void startDevnet() throws Exception {
        net = dir.resolve("net");
        devnet = TestDevnet.start(net, Duration.ofSeconds(180), "--block-time", "0.5");
        api = devnet.apis().get(1);
        String source = DevnetContracts.example("index-fund")
                .replace("const TARGET_EXTRA_BPS", "// @sealed-begin strategy\n// " + MARKER + "\nconst TARGET_EXTRA_BPS")
                .replace("const PREMIUM_BPS = 200n;       // pay up to 2 % over the mark to get a buy filled",
                        "const PREMIUM_BPS = 200n; const TAG = '" + MARKER + "';\n// @sealed-end");
        assertThat(source).contains("// @sealed-end");
        code = dir.resolve("sealed-fund.js");
        Files.writeString(code, source);
        report = dir.resolve("report.txt");
        Files.writeString(report, "Owl Audits reviewed the sealed strategy: no finding.\n");
    }

    @AfterAll
    static void stopDevnet() throws Exception {
        if (devnet != null) {
            devnet.stop();
        }
    }

    static String deploy(String name) throws Exception {
        String out = cli("contract", "deploy", "--node", api, "--json", "--wait", "--key",
                net.resolve("signer-1").resolve("node.key").toString(), "--code", code.toString(), "--name", name,
                "--manager", net.resolve("clients").resolve("investor-1.key").toString(), "--shares", "1000000",
                "--price", "1", "--report-vendor", "Owl Audits", "--report-url", "https://owl.example/r/1",
                "--report-file", report.toString(), "--encrypt", "strategy");
        JsonNode r = JSON.readTree(out);
        assertThat(r.at("/receipt/message").asText()).as(out).contains("pending");
        return r.get("id").asText();
    }

    static JsonNode vote(int signer, String creation, boolean approve) throws Exception {
        List<String> args = new ArrayList<>(List.of("code", "approve", "--node", api, "--json", "--wait", "--key",
                net.resolve("signer-" + signer).resolve("node.key").toString(), "--creation", creation,
                "--report", report.toString()));
        if (!approve) {
            args.add("--reject");
        }
        return JSON.readTree(cli(args.toArray(new String[0])));
    }

    @Test
    @Order(1)
    void aSealedFundIsPendingThenApprovedBySignersThenTradesOnAgreedResults() throws Exception {
        created = deploy("sealed-fund");
        JsonNode pending = get(api + "/v1/creations/" + created);
        assertThat(pending.path("status").asText()).as(pending.toString()).isEqualTo("pending");
        assertThat(pending.at("/reviewReport/sha256").asText()).isEqualTo(SealedDeploy.fileHash(report).hex());
        assertThat(pending.at("/sealed/wrappedTo")).hasSize(2);
        assertThat(cli("code", "pending", "--node", api, "--json")).contains(created);
        int quorum = get(api + "/v1/parameters").path("contractExecutionQuorum").asInt();
        await("the execution servers' checks that the sealed code opens", Duration.ofSeconds(60),
                () -> get(api + "/v1/creations/" + created).path("opensOn").size() >= quorum);

        // a wrong report: the CLI refuses to vote, naming both hashes
        Path wrong = dir.resolve("other-report.txt");
        Files.writeString(wrong, "another report");
        CliRun refused = CliRun.of("code", "approve", "--node", api, "--key",
                net.resolve("signer-2").resolve("node.key").toString(), "--creation", created, "--report", wrong.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("--report").contains(SealedDeploy.fileHash(wrong).hex());

        int needed = get(api + "/v1/parameters").path("blockMinimumSigners").asInt();
        JsonNode last = null;
        for (int i = 1; i <= needed; i++) {
            last = vote(i, created, true);
            assertThat(last.at("/receipt/applied").asBoolean()).as(last.toString()).isTrue();
        }
        assertThat(last.at("/receipt/message").asText()).contains("created").contains("approved by " + needed);
        JsonNode done = get(api + "/v1/creations/" + created);
        assertThat(done.path("status").asText()).isEqualTo("created");
        String fund = done.path("contract").asText();
        // audit: the creation in its block hashes to what the view shows, and the report to its reference
        assertThat(cli("code", "show", "--node", api, created, "--report", report.toString()))
                .contains("the creation in its block matches").contains("the report's SHA-256 matches");
        assertThat(get(api + "/v1/contracts/" + fund).at("/sealed/contentHash").asText())
                .isEqualTo(done.at("/sealed/contentHash").asText());

        cli("buy", "--node", api, "--json", "--wait", "--key", net.resolve("clients").resolve("investor-2.key").toString(),
                "--contract", fund, "--quantity", "3000", "--max-price", "1");
        List<String> examples = new ArrayList<>();
        get(api + "/v1/contracts?limit=100").path("contracts").forEach(c -> examples.add(c.path("address").asText()));
        await("the sealed fund trades", Duration.ofSeconds(180), () -> examples.stream().anyMatch(a -> {
            for (JsonNode t : get(api + "/v1/markets/" + a + "-coin/trades").path("trades")) {
                if (fund.equals(t.path("maker").asText()) || fund.equals(t.path("taker").asText())) {
                    return true;
                }
            }
            return false;
        }));
        List<JsonNode> applied = new ArrayList<>();
        get(api + "/v1/contracts/" + fund + "/executions?from=1").path("executions").forEach(e -> {
            if (e.path("outcome").asText().equals("applied")) {
                applied.add(e);
            }
        });
        assertThat(applied).isNotEmpty().allSatisfy(e -> assertThat(e.path("servers")).hasSize(2));
    }

    @Test
    @Order(2)
    void oneRejectionRefusesASealedCreationWithAReceiptThatSaysSo() throws Exception {
        String id = deploy("sealed-fund-2");
        assertThat(vote(1, id, true).at("/receipt/applied").asBoolean()).isTrue();
        JsonNode no = vote(2, id, false);
        assertThat(no.at("/receipt/message").asText()).contains("refused: rejected by Block Signer");
        JsonNode c = get(api + "/v1/creations/" + id);
        assertThat(c.path("status").asText()).isEqualTo("rejected");
        assertThat(c.has("contract")).isFalse();
        CliRun late = CliRun.of("code", "approve", "--node", api, "--json", "--wait", "--key",
                net.resolve("signer-3").resolve("node.key").toString(), "--creation", id);
        assertThat(late.code()).isNotZero();
        assertThat(late.err()).contains("NOT_PENDING_CREATION");
    }

    @Test
    @Order(3)
    void aTamperedSealedSectionIsRefusedByTheExecutionServersCheckWithAReceiptThatSaysWhy() throws Exception {
        SealedSource.Split split = SealedDeploy.split(Files.readString(code), List.of("strategy"));
        String reference = new ReviewReport("Owl Audits", "https://owl.example/r/1", SealedDeploy.fileHash(report)).format();
        List<PublicKey> servers = ParametersJson.parse(get(api + "/v1/parameters").toString()).executionServers();
        SealedCode sealed = CodeSealing.seal(split.sections(), servers, SealedSource.context(split.publicCode(), reference),
                new SecureRandom());
        byte[] ciphertext = sealed.ciphertext();
        ciphertext[ciphertext.length / 3] ^= 0x04; // still a well-formed envelope: only AES-GCM can tell
        Path publicCode = dir.resolve("tampered-public.js");
        Files.writeString(publicCode, split.publicCode());
        Path tampered = dir.resolve("tampered.sealed");
        Files.write(tampered, new SealedCode(sealed.sections(), sealed.ephemeral(), sealed.nonce(), ciphertext,
                sealed.wraps()).toBytes());
        JsonNode deployed = JSON.readTree(cli("contract", "deploy", "--node", api, "--json", "--wait", "--key",
                net.resolve("signer-1").resolve("node.key").toString(), "--code", publicCode.toString(), "--name",
                "tampered-fund", "--manager", net.resolve("clients").resolve("investor-1.key").toString(), "--shares",
                "1000000", "--price", "1", "--encrypted-code", tampered.toString(), "--review-report", reference));
        assertThat(deployed.at("/receipt/message").asText()).as(deployed.toString()).contains("pending");
        String id = deployed.get("id").asText();

        // nobody votes: the execution servers open it by themselves, find it does not open, and say so
        await("the tampered creation is refused", Duration.ofSeconds(60),
                () -> get(api + "/v1/creations/" + id).path("status").asText().equals("refused"));
        JsonNode c = get(api + "/v1/creations/" + id);
        assertThat(c.path("outcome").asText()).contains("does not open on execution server")
                .contains("does not authenticate (AES-GCM tag)");
        assertThat(c.has("contract")).isFalse();
        JsonNode receipt = checkReceiptRefusing(id, c.path("submittedAt").asLong());
        assertThat(receipt.path("applied").asBoolean()).isTrue();
        assertThat(receipt.path("message").asText()).contains("creation " + id + " refused")
                .contains("does not authenticate (AES-GCM tag)").doesNotContain(MARKER);

        CliRun late = CliRun.of("code", "approve", "--node", api, "--json", "--wait", "--key",
                net.resolve("signer-1").resolve("node.key").toString(), "--creation", id);
        assertThat(late.code()).isNotZero();
        assertThat(late.err()).contains("NOT_PENDING_CREATION").contains("does not open");
    }

    /** The receipt of the execution server's check that refused creation {@code id}, from the blocks after it. */
    static JsonNode checkReceiptRefusing(String id, long from) {
        long height = get(api + "/v1/status").path("height").asLong();
        for (long h = from; h <= height; h++) {
            for (JsonNode k : get(api + "/v1/blocks/" + h).path("commitments")) {
                if (k.path("kind").asText().equals("sealed_code_check")
                        && k.at("/payload/creationId").asText().equals(id)) {
                    JsonNode r = get(api + "/v1/commitments/" + k.path("id").asText()).path("receipt");
                    if (r.path("message").asText().contains("refused")) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no check refusing creation " + id + " in blocks " + from + ".." + height);
    }

    @Test
    @Order(4)
    void theSealedTextIsInNoAnswerBlockReceiptMetricOrLog() throws Exception {
        List<String> seen = new ArrayList<>();
        long height = get(api + "/v1/status").path("height").asLong();
        for (long h = 1; h <= height; h++) {
            seen.add(get(api + "/v1/blocks/" + h).toString());
        }
        seen.add(get(api + "/v1/creations").toString());
        seen.add(get(api + "/v1/creations/" + created).toString());
        String fund = get(api + "/v1/creations/" + created).path("contract").asText();
        seen.add(get(api + "/v1/contracts/" + fund).toString());
        seen.add(get(api + "/v1/contracts/" + fund + "/executions?from=1").toString());
        seen.add(get(api + "/v1/contracts/" + fund + "/storage").toString());
        seen.add(get(api + "/v1/commitments/" + created).toString());
        for (String path : List.of("/v1/contracts/" + fund + "/code", "/metrics")) {
            seen.add(DevnetIT.HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        assertThat(seen.get(seen.size() - 2)).contains("// @sealed-section 0");
        assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(MARKER));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(dir)) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertThat(logs).hasSizeGreaterThan(6);
        for (Path log : logs) {
            assertThat(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1)).as("%s", log)
                    .doesNotContain(MARKER);
        }
    }
}
