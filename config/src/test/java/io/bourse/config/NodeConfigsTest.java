package io.bourse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.params.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeConfigsTest {
    final Path base = Path.of("/srv/bourse");

    @Test
    void readsAFullConfigAndResolvesPathsAgainstItsFolder() {
        NodeConfig c = NodeConfigs.parse("""
                {"name": "signer-1", "genesisFile": "../genesis.json",
                 "p2p": {"listen": "127.0.0.1:7001", "peers": ["127.0.0.1:7002", "127.0.0.1:7003"]},
                 "api": {"listen": "127.0.0.1:8001"}}""", base);
        assertThat(c.genesisFile()).isEqualTo(Path.of("/srv/genesis.json"));
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/bourse/data"));
        assertThat(c.peers()).extracting(HostPort::port).containsExactly(7002, 7003);
        assertThat(c.apiMaxBodyBytes()).isEqualTo(1 << 20);
        assertThat(NodeConfigs.parse(NodeConfigs.render(c, base), base)).isEqualTo(c);
    }

    @Test
    void unknownSettingIsRefusedByName() {
        assertThatThrownBy(() -> NodeConfigs.parse("{\"genesisFile\": \"g.json\", \"api\": {\"lisen\": \"x:1\"}}", base))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("api.lisen");
    }

    @Test
    void badPortIsRefusedByName() {
        assertThatThrownBy(() -> NodeConfigs.parse("{\"genesisFile\": \"g.json\", \"p2p\": {\"listen\": \"h:99999\"}}", base))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("p2p.listen");
        for (String port : new String[] {"+80", "٨٠", "８０", " 80", "-1"}) {
            assertThatThrownBy(() -> NodeConfigs.parse("{\"genesisFile\": \"g.json\", \"api\": {\"listen\": \"h:" + port
                    + "\"}}", base)).as(port).isInstanceOf(InvalidInputException.class).hasMessageContaining("api.listen");
        }
        assertThatThrownBy(() -> NodeConfigs.parse("{\"genesisFile\": \"g.json\", \"p2p\": {\"maxObservers\": -1}}", base))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxObservers");
    }

    @Test
    void missingGenesisIsRefused() {
        assertThatThrownBy(() -> NodeConfigs.parse("{}", base)).hasMessageContaining("genesisFile");
    }

    @Test
    void duplicatedFieldIsRefused() {
        assertThatThrownBy(() -> NodeConfigs.parse("{\"genesisFile\": \"a\", \"genesisFile\": \"b\"}", base))
                .isInstanceOf(InvalidInputException.class);
    }
}
