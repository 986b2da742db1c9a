package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ComposeIT} hands to Docker, checked where no engine runs: the network directory the
 * docker/README.md commands make (keys, genesis, ready configurations that name them) and the
 * compose file's test-only rewrites.
 */
class ComposeStagingTest {
    @Test
    void theStagedComposeDirectoryHasKeysAGenesisAndConfigurationsThatNameThem(@TempDir Path dir) throws Exception { // covers: O2
        Path docker = ComposeIT.stage(dir);
        Path network = docker.resolve("network");
        JsonNode genesis = RealPrometheus.JSON.readTree(network.resolve("genesis.json").toFile());
        assertThat(genesis.path("chainId").asText()).isEqualTo("bourse-docker");
        for (String node : new String[] {"signer-1", "signer-2", "signer-3", "signer-4", "executor-1"}) {
            JsonNode config = RealPrometheus.JSON.readTree(network.resolve(node + ".json").toFile());
            Path key = network.resolve(config.path("keyFile").asText());
            assertThat(key).as("%s's key", node).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as("%s's key mode", node)
                    .isEqualTo("rw-------");
            assertThat(network.resolve(config.path("genesisFile").asText())).isEqualTo(network.resolve("genesis.json"));
        }
        String compose = Files.readString(docker.resolve("compose.yaml"));
        assertThat(compose).doesNotContain("ports:").doesNotContain("context: ..")
                .contains("context: " + RealPrometheus.REPO)
                .containsOnlyOnce("user: \"" + Files.getAttribute(dir, "unix:uid") + ":");
        assertThat(docker.resolve("prometheus/prometheus.yml")).exists();
        assertThat(docker.resolve("grafana/dashboards/bourse.json")).exists();
    }
}
