package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy NetworkFaultsIT relies on, in front of an echo server on loopback. */
class FaultProxyTest {
    ServerSocket echo;
    FaultProxy proxy;
    int port;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // reset by the proxy
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = new FaultProxy(7);
        port = proxy.link("a", "b", (InetSocketAddress) echo.getLocalSocketAddress());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket dial() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(2_000);
        return s;
    }

    static int roundTrip(Socket s) throws IOException {
        s.getOutputStream().write(42);
        return s.getInputStream().read();
    }

    @Test
    void forwardsBytesBothWaysWhenClean() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s)).isEqualTo(42);
            assertThat(proxy.openConnections("b")).isEqualTo(2);
        }
    }

    @Test
    void slowLinkDelaysEachDirection() throws IOException {
        proxy.all(FaultProxy.Mode.slow(150, 0, 0));
        try (Socket s = dial()) {
            long t0 = System.nanoTime();
            assertThat(roundTrip(s)).isEqualTo(42);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("round trip ms").isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void lossyLinkResetsTheConnection() throws IOException {
        proxy.all(FaultProxy.Mode.slow(0, 0, 1.0));
        try (Socket s = dial()) {
            s.getOutputStream().write(42);
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
        }
        assertThat(proxy.resets()).isEqualTo(1);
    }

    @Test
    void partitionResetsOpenConnectionsHoldsNewOnesAndHealingResetsThoseHeld() throws IOException {
        try (Socket before = dial()) {
            assertThat(roundTrip(before)).isEqualTo(42);
            proxy.partition(List.of(Set.of("a"), Set.of("b")));
            assertThat(readOrReset(before.getInputStream())).as("the open connection breaks").isEqualTo(-1);
        }
        try (Socket during = dial()) {
            during.setSoTimeout(300); // a black hole answers nothing: the read's deadline is the check
            during.getOutputStream().write(42);
            assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            during.setSoTimeout(2_000);
            // the proxy's accept loop may take it only now (a connect completes in the kernel first)
            Await.until("the dialer held", java.time.Duration.ofSeconds(10), () -> proxy.heldConnections() == 1);
            proxy.partition(List.of(Set.of("a", "b")));
            assertThat(readOrReset(during.getInputStream())).as("healing releases the held dialer").isEqualTo(-1);
        }
        try (Socket after = dial()) {
            assertThat(roundTrip(after)).isEqualTo(42);
        }
    }

    @Test
    void partitionOnlyCutsLinksAcrossGroups() throws IOException {
        proxy.partition(List.of(Set.of("a", "b"), Set.of("c")));
        try (Socket s = dial()) {
            assertThat(roundTrip(s)).isEqualTo(42);
        }
    }

    /** -1 for an orderly close or a reset (both end the connection); a timeout is not an end. */
    static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return -1;
        }
    }
}
