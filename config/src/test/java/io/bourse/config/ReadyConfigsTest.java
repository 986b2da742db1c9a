package io.bourse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ready files in config/ready stay valid configurations (O4). */
class ReadyConfigsTest {
    @Test
    void everyReadyConfigurationLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("ready"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(5); // four signers and an execution server (docker/compose.yaml)
        for (Path f : files) {
            NodeConfig c = NodeConfigs.load(f);
            assertThat(c.peers()).hasSize(f.getFileName().toString().startsWith("executor") ? 4 : 3);
            assertThat(c.name()).isEqualTo(f.getFileName().toString().replace(".json", ""));
        }
    }
}
