package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * O7 end to end, as docs/contract-guide.md tells it: on a devnet (its own process, loopback ports
 * the devnet chooses, killed with its nodes even when a check fails), {@code contract new} →
 * {@code contract test} → {@code contract check} → {@code contract deploy}, the execution servers
 * run the new contract, and {@code record} → {@code contract backtest} replays what it saw, twice
 * with the same bytes.
 * // covers: O7
 */
class DevKitIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    @TempDir
    static Path dir;
    static TestDevnet devnet;
    static String api;

    @BeforeAll
    static void startDevnet() throws Exception {
        devnet = TestDevnet.start(dir.resolve("net"), Duration.ofSeconds(120), "--block-time", "0.5");
        api = devnet.apis().get(0);
    }

    @AfterAll
    static void stopDevnet() throws Exception {
        if (devnet != null) {
            devnet.stop();
        }
    }

    static JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as("bourse %s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    @Test
    void newTestCheckDeployThenRecordAndBacktestOnTheDevnet() throws Exception {
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        ok("contract", "new", "dip-buyer", "--dir", work.toString());
        Path js = work.resolve("dip-buyer").resolve("dip-buyer.js");
        assertThat(ok("contract", "test", work.resolve("dip-buyer").resolve("dip-buyer.test.json").toString()).out())
                .contains("3 passed, 0 failed");
        assertThat(ok("contract", "check", js.toString()).out()).endsWith("ready to deploy\n");

        Path net = dir.resolve("net");
        CliRun deployed = ok("contract", "deploy", "--node", api, "--json", "--key", net.resolve("signer-1/node.key").toString(),
                "--code", js.toString(), "--manager", net.resolve("clients/investor-2.key").toString(), "--shares", "1000000",
                "--price", "1", "--wait");
        String contract = deployed.json().path("contract").asText();
        assertThat(contract).startsWith("bx");
        ok("buy", "--node", api, "--key", net.resolve("clients/investor-1.key").toString(), "--contract", contract,
                "--quantity", "500", "--wait");
        Await.until("the execution servers run the new contract", Duration.ofSeconds(90), () -> {
            for (JsonNode e : get("/v1/contracts/" + contract + "/executions?from=0").path("executions")) {
                if (e.path("outcome").asText().equals("applied")) {
                    return true;
                }
            }
            return false;
        });

        Path recording = dir.resolve("session.json");
        ok("record", "--node", api, "--blocks", "12", "--out", recording.toString());
        String text = Files.readString(recording);
        assertThat(text).contains("\"format\" : \"bourse-recording/1\"").contains(contract);
        CliRun first = ok("contract", "backtest", js.toString(), "--recording", recording.toString(), "--json");
        CliRun second = ok("contract", "backtest", js.toString(), "--recording", recording.toString(), "--json");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(first.json().path("blocks")).hasSize(12);
        first.json().path("blocks").forEach(b -> assertThat(b.path("outcome").asText()).isEqualTo("completed"));

        CliRun live = ok("contract", "backtest", js.toString(), "--from-node", api, "--blocks", "4", "--json");
        assertThat(live.json().path("blocks")).hasSize(4);
        assertThat(live.json().path("from").asLong()).isGreaterThan(first.json().path("to").asLong());
    }
}
