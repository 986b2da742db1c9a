package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bourse.core.testing.Await;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code docker/compose.yaml} on a real Docker engine: the image builds from the packaged jar, the
 * four signers and the execution server come up healthy and agree on a growing chain, and the
 * provisioned Prometheus scrapes all five. Where no Docker engine answers (this project's machines)
 * it skips; the same network runs as plain processes in {@link DevnetIT}, scraped by a real
 * Prometheus there.
 */
class ComposeIT {
    private static final List<String> NODES = List.of("signer-1", "signer-2", "signer-3", "signer-4", "executor-1");

    @Test
    void theComposeNetworkAgreesOnAGrowingChainAndPrometheusScrapesIt(@TempDir Path dir) throws Exception { // covers: O2
        assumeTrue(dockerAnswers(), "no Docker engine answers here; docker/compose.yaml's network runs as plain "
                + "processes in DevnetIT, with a real Prometheus and the Grafana dashboard's queries");
        assumeTrue(composeCliWorks(), "the Docker engine answers but `docker compose` does not run here");
        Path docker = stage(dir);
        ComposeContainer compose = new ComposeContainer(docker.resolve("compose.yaml").toFile())
                .withBuild(true)
                .withStartupTimeout(Duration.ofMinutes(5));
        for (int i = 0; i < NODES.size(); i++) {
            compose = compose.withExposedService(NODES.get(i), 8001 + i,
                    Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        }
        compose = compose.withExposedService("prometheus", 9090,
                Wait.forHttp("/-/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        try {
            compose.start();
            Map<String, String> apis = new LinkedHashMap<>();
            for (int i = 0; i < NODES.size(); i++) {
                apis.put(NODES.get(i), "http://" + compose.getServiceHost(NODES.get(i), 8001 + i) + ":"
                        + compose.getServicePort(NODES.get(i), 8001 + i));
            }
            // every node's chain grows past height 5, all on the compose network's chain
            Await.until("every container past height 5", Duration.ofMinutes(2), () -> {
                for (String api : apis.values()) {
                    if (DevnetIT.height(api) < 5) {
                        return false;
                    }
                }
                return true;
            });
            for (Map.Entry<String, String> node : apis.entrySet()) {
                assertThat(DevnetIT.get(node.getValue() + "/v1/status").path("chainId").asText())
                        .as("chain of %s", node.getKey()).isEqualTo("bourse-docker");
            }
            // the blocks at one height are the same block on every node
            String first = DevnetIT.get(apis.get("signer-1") + "/v1/blocks/3").path("hash").asText();
            assertThat(first).isNotEmpty();
            for (Map.Entry<String, String> node : apis.entrySet()) {
                assertThat(DevnetIT.get(node.getValue() + "/v1/blocks/3").path("hash").asText())
                        .as("block 3 on %s", node.getKey()).isEqualTo(first);
            }
            // the provisioned Prometheus scrapes all five nodes by their compose names
            String prometheus = "http://" + compose.getServiceHost("prometheus", 9090) + ":"
                    + compose.getServicePort("prometheus", 9090);
            Await.until("Prometheus has bourse_height from all five nodes", Duration.ofMinutes(1), () ->
                    DevnetIT.get(prometheus + "/api/v1/query?query="
                            + URLEncoder.encode("bourse_height", StandardCharsets.UTF_8)).path("data").path("result").size() == 5);
        } finally {
            compose.stop();
        }
    }

    /**
     * Copies {@code docker/} into {@code dir} with keys, a genesis and the ready configurations in
     * {@code network/}; the build context points at the repository, published host ports are dropped
     * (Testcontainers maps its own) and the nodes run as this user, who owns the mode-600 keys.
     */
    static Path stage(Path dir) throws IOException {
        Path repo = RealPrometheus.REPO;
        Path docker = dir.resolve("docker");
        try (Stream<Path> files = Files.walk(repo.resolve("docker"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = docker.resolve(repo.resolve("docker").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        String user = "\"" + Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid") + "\"";
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(docker.resolve("compose.yaml"))) {
            if (line.trim().startsWith("ports:")) {
                continue;
            }
            lines.add(line.replace("context: ..", "context: " + repo));
            if (line.trim().equals("restart: unless-stopped")) {
                lines.add(line.substring(0, line.indexOf("restart")) + "user: " + user);
            }
        }
        Files.write(docker.resolve("compose.yaml"), lines);
        Path network = Files.createDirectories(docker.resolve("network"));
        try (Stream<Path> ready = Files.list(repo.resolve("config/ready"))) {
            for (Path p : ready.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(p, network.resolve(p.getFileName()));
            }
        }
        List<String> genesis = new ArrayList<>(List.of("genesis", "new", "--chain-id", "bourse-docker",
                "--coin-operator", key(network, "coin-operator.key")));
        for (String node : NODES) {
            genesis.add(node.startsWith("signer") ? "--signer" : "--execution-server");
            genesis.add(key(network, node + "/node.key"));
        }
        genesis.addAll(List.of("--out", network.resolve("genesis.json").toString()));
        CliRun g = CliRun.of(genesis.toArray(String[]::new));
        assertThat(g.code()).as("genesis new: %s", g.err()).isZero();
        return docker;
    }

    private static String key(Path network, String name) {
        Path file = network.resolve(name);
        CliRun k = CliRun.of("keys", "new", "--out", file.toString());
        assertThat(k.code()).as("keys new %s: %s", name, k.err()).isZero();
        return file.toString();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean composeCliWorks() {
        try {
            Process p = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
