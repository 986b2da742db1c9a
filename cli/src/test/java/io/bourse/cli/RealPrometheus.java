package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package; {@code .ci/run} installs it) on
 * loopback, scraping the given nodes with the project's own alert rules
 * ({@code docker/prometheus/alerts.yml}), for tests that check the metrics as an operator uses them:
 * through PromQL queries, the Grafana dashboard's ({@code docker/grafana/dashboards/bourse.json}).
 */
final class RealPrometheus implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Process process;
    final String url;

    /** The {@code prometheus} executable on the PATH, if the machine has one. */
    static Optional<Path> executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts Prometheus in {@code dir}, scraping {@code host:port} targets every second. */
    RealPrometheus(Path executable, Path dir, List<String> targets) throws IOException {
        Files.createDirectories(dir);
        Files.copy(REPO.resolve("docker/prometheus/alerts.yml"), dir.resolve("alerts.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StringBuilder cfg = new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "rule_files: [alerts.yml]\nscrape_configs:\n  - job_name: bourse\n    metrics_path: /metrics\n"
                + "    static_configs:\n      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            cfg.append(i == 0 ? "" : ", ").append('"').append(targets.get(i)).append('"');
        }
        Files.writeString(dir.resolve("prometheus.yml"), cfg.append("]\n").toString());
        // below the ephemeral range, as the devnet's own ports: the six nodes' outgoing connections
        // cannot take it in the second before Prometheus binds it
        int port = DevnetCommand.freePort();
        url = "http://127.0.0.1:" + port;
        process = new ProcessBuilder(executable.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** GET {@code path} of the Prometheus API; an empty object while it is not up. */
    JsonNode api(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    /** The result vector of an instant PromQL query (empty when there is no data yet). */
    JsonNode query(String promQl) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)).path("data").path("result");
    }

    /** Waits until every target is scraped successfully. */
    void awaitTargetsUp(int count, Duration limit) throws InterruptedException {
        Await.until(count + " scrape targets up (log: " + url + ")", limit, () -> {
            JsonNode active = api("/api/v1/targets").path("data").path("activeTargets");
            int up = 0;
            for (JsonNode t : active) {
                up += "up".equals(t.path("health").asText()) ? 1 : 0;
            }
            return process.isAlive() && up == count;
        });
    }

    /** Every PromQL expression of the project's Grafana dashboard, with its panel's title. */
    static List<String[]> dashboardQueries() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(REPO.resolve("docker/grafana/dashboards/bourse.json").toFile()).path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.add(new String[] {panel.path("title").asText(), t.path("expr").asText()});
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
