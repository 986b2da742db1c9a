package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Scanner;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The devnet's listen ports lie below the system's ephemeral range, where no outgoing connection
 * of an earlier node can take one before its node binds it (the race CI once lost:
 * "signer-2 exited with code 1" on a devnet start).
 */
class DevnetPortsTest {
    static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void theEphemeralRangeIsReadWhole() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(RANGE), "no " + RANGE + " (not Linux)");
        try (Scanner s = new Scanner(RANGE)) {
            assertThat(DevnetCommand.ephemeralLow()).isEqualTo(s.nextInt());
        }
    }

    @Test
    void listenPortsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        int low = DevnetCommand.ephemeralLow();
        Assumptions.assumeTrue(low > 20_000, "the ephemeral range starts at " + low + ": the OS chooses ports");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = DevnetCommand.freePort();
            assertThat(port).isBetween(15_000, low - 1);
            assertThat(seen.add(port)).as("port %d chosen twice", port).isTrue();
        }
    }
}
