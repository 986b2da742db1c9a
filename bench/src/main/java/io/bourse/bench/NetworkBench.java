package io.bourse.bench;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.PublicKey;
import io.bourse.p2p.P2pOptions;
import io.bourse.p2p.PeerListener;
import io.bourse.p2p.PeerNetwork;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Two {@link PeerNetwork}s on 127.0.0.1 (port 0), authenticated to each other, exchanging payloads
 * the size of a transfer commitment (170 bytes) (issue 7): one-way messages per second, and the
 * round trip of one message echoed back by the other node's listener. Both nodes run the whole
 * production pipeline (frame codec, handshake-authenticated session, keep-alive, rate limiter,
 * metering) with default options except the per-peer inbound rate limits, raised so the
 * transport, not the limiter, is measured (the default limit is 2,000 frames/s per peer).
 *
 * <p>Reference in the same run: {@link #rawSocketRoundTrip}, the same 170-byte round trip over a
 * plain blocking {@link Socket} pair with TCP_NODELAY and a thread echoing, i.e. the loopback's
 * own cost.
 */
@State(Scope.Benchmark)
public class NetworkBench {
    static final int DATA = 1;
    static final int ECHO = 2;
    static final int REPLY = 3;
    static final int WINDOW = 1_000;
    static final Duration WAIT = Duration.ofSeconds(10);

    PeerNetwork a;
    PeerNetwork b;
    PublicKey bKey;
    final Counter received = new Counter();
    final Counter replies = new Counter();
    byte[] payload;
    ServerSocket echoServer;
    Socket rawClient;
    DataInputStream rawIn;
    DataOutputStream rawOut;

    /** Counts events from Netty threads and wakes the benchmark thread when a target is reached. */
    static final class Counter {
        private final AtomicLong n = new AtomicLong();
        private volatile long target = Long.MAX_VALUE;
        private volatile Thread waiter;

        void increment() {
            if (n.incrementAndGet() >= target) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        long get() {
            return n.get();
        }

        void await(long value) throws TimeoutException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            waiter = Thread.currentThread();
            target = value;
            try {
                while (n.get() < value) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("count " + n.get() + " did not reach " + value + " within " + WAIT);
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            } finally {
                target = Long.MAX_VALUE;
                waiter = null;
            }
        }
    }

    @Setup
    public void setUp() throws Exception {
        payload = Fixtures.transfer(0).toBytes();
        KeyPair ka = Fixtures.key(500_001);
        KeyPair kb = Fixtures.key(500_002);
        Set<PublicKey> members = Set.of(ka.publicKey(), kb.publicKey());
        P2pOptions d = P2pOptions.defaults();
        P2pOptions options = new P2pOptions(d.maxFrameBytes(), 10_000_000, 10_000_000, 4L << 30, 4L << 30,
                d.floodTolerance(), d.handshakeTimeout(), d.idleTimeout(), d.reconnectInitial(), d.reconnectMax(),
                d.writeBufferLowBytes(), d.writeBufferHighBytes(), d.maxConnections(), d.banThreshold(),
                d.banDuration(), d.ioThreads());
        PeerNetwork[] bRef = new PeerNetwork[1];
        b = new PeerNetwork(kb, Fixtures.CHAIN, new InetSocketAddress("127.0.0.1", 0), members::contains,
                listener((from, channel, bytes) -> {
                    if (channel == ECHO) {
                        bRef[0].send(from, REPLY, bytes);
                    } else {
                        received.increment();
                    }
                }), options).start();
        bRef[0] = b;
        a = new PeerNetwork(ka, Fixtures.CHAIN, new InetSocketAddress("127.0.0.1", 0), members::contains,
                listener((from, channel, bytes) -> replies.increment()), options).start();
        bKey = kb.publicKey();
        a.connect(new InetSocketAddress("127.0.0.1", b.port()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!a.connectedPeers().contains(bKey) || !b.connectedPeers().contains(ka.publicKey())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the two peer networks did not connect within " + WAIT);
            }
            LockSupport.parkNanos(10_000_000);
        }
        startRawEcho();
    }

    private interface OnMessage {
        void accept(PublicKey from, int channel, byte[] payload);
    }

    private static PeerListener listener(OnMessage m) {
        return new PeerListener() {
            @Override
            public void onMessage(PublicKey from, int channel, byte[] payload) {
                m.accept(from, channel, payload);
            }

            @Override
            public void onConnected(PublicKey peer) {
            }

            @Override
            public void onDisconnected(PublicKey peer) {
            }
        };
    }

    private void startRawEcho() throws IOException {
        echoServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = echoServer.accept()) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                byte[] buf = new byte[payload.length];
                while (true) {
                    in.readFully(buf);
                    out.write(buf);
                    out.flush();
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        }, "bench-raw-echo");
        t.setDaemon(true);
        t.start();
        rawClient = new Socket(InetAddress.getLoopbackAddress(), echoServer.getLocalPort());
        rawClient.setTcpNoDelay(true);
        rawIn = new DataInputStream(rawClient.getInputStream());
        rawOut = new DataOutputStream(rawClient.getOutputStream());
    }

    @TearDown
    public void tearDown() throws IOException {
        rawClient.close();
        echoServer.close();
        a.close();
        b.close();
    }

    /**
     * One-way messages per second: queues {@value #WINDOW} messages (retrying while the peer's write
     * buffer is above its high water mark, when a send is refused), then waits until all arrived.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public long messages() throws TimeoutException {
        long target = received.get() + WINDOW;
        for (int i = 0; i < WINDOW; i++) {
            while (!a.send(bKey, DATA, payload)) {
                Thread.yield();
            }
        }
        received.await(target);
        return target;
    }

    /** Round trip: a message to the other node and its listener's echo back. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long roundTrip() throws TimeoutException {
        long target = replies.get() + 1;
        if (!a.send(bKey, ECHO, payload)) {
            throw new IllegalStateException("the peer is not connected or not writable");
        }
        replies.await(target);
        return target;
    }

    /** Reference: the same round trip over a plain blocking socket with an echo thread. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] rawSocketRoundTrip() {
        try {
            rawOut.write(payload);
            rawOut.flush();
            byte[] back = new byte[payload.length];
            rawIn.readFully(back);
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
