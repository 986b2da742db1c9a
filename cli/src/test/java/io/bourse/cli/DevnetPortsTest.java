package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
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
        // only Linux has the file; elsewhere the devnet lets the OS choose and the test below checks that
        Assumptions.assumeTrue(Files.isReadable(RANGE), "no " + RANGE + " (not Linux)");
        try (Scanner s = new Scanner(RANGE)) {
            assertThat(DevnetCommand.ephemeralLow()).isEqualTo(s.nextInt());
        }
    }

    @Test
    void listenPortsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        int low = DevnetCommand.ephemeralLow();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = DevnetCommand.freePort();
            assertThat(seen.add(port)).as("port %d chosen twice", port).isTrue();
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port); // free: it binds
            }
            if (low > 20_000) { // else (no readable range, or one reaching below 20,000) the OS chooses
                assertThat(port).as("below the ephemeral range from %d", low).isBetween(15_000, low - 1);
            }
        }
    }
}
