package io.bourse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy for the links between devnet nodes: one loopback listener per
 * directed link (dialer → target), forwarding to the target's real p2p address, and at run time,
 * per link:
 *
 * <ul>
 *   <li><b>cut</b> (a partition): open connections are reset, new ones are accepted and then hold
 *       without a byte forwarded (a black hole: the dialer's handshake waits, as behind a dropped
 *       route); healing resets the held ones, so the dialer redials at once instead of after a
 *       long back-off;</li>
 *   <li><b>slow and lossy</b>: every chunk read is delivered after {@code delay} plus a random
 *       jitter up to {@code jitter} (order kept), and with probability {@code resetChance} per
 *       chunk the connection is reset. Peers speak TCP with authenticated framing, so loss on
 *       this level is a stall or a reset, never a missing byte inside a stream.</li>
 * </ul>
 *
 * Blocking sockets on virtual threads; randomness from one seeded {@link Random} per link (the
 * decisions are reproducible for a given sequence of chunks; the chunking itself follows the
 * nodes' timing). {@link #close()} closes every socket it opened.
 */
final class FaultProxy implements AutoCloseable {
    /** How one link behaves now; replaced as a whole, read once per chunk. */
    record Mode(boolean cut, long delayMillis, long jitterMillis, double resetChance) {
        static final Mode CLEAN = new Mode(false, 0, 0, 0);
        static final Mode CUT = new Mode(true, 0, 0, 0);

        static Mode slow(long delayMillis, long jitterMillis, double resetChance) {
            return new Mode(false, delayMillis, jitterMillis, resetChance);
        }
    }

    private final Map<String, Link> links = new LinkedHashMap<>();
    private final long seed;

    FaultProxy(long seed) {
        this.seed = seed;
    }

    /** Opens the listener for {@code from → to}, forwarding to {@code target}; returns its port. */
    synchronized int link(String from, String to, InetSocketAddress target) throws IOException {
        Link l = new Link(from, to, target, new Random(seed * 31 + links.size()));
        links.put(key(from, to), l);
        Thread.ofVirtual().name("proxy-" + key(from, to)).start(l::acceptLoop);
        return l.server.getLocalPort();
    }

    /** Cuts every link between nodes in different groups (both directions) and clears the others. */
    synchronized void partition(List<Set<String>> groups) {
        for (Link l : links.values()) {
            l.set(group(groups, l.from) != group(groups, l.to) ? Mode.CUT : Mode.CLEAN);
        }
    }

    /** Every link to or from {@code node} gets {@code mode}. */
    synchronized void node(String node, Mode mode) {
        links.values().stream().filter(l -> l.from.equals(node) || l.to.equals(node)).forEach(l -> l.set(mode));
    }

    /** Every link gets {@code mode}. */
    synchronized void all(Mode mode) {
        links.values().forEach(l -> l.set(mode));
    }

    /** Connections forwarded (open now, in both directions) on links that touch {@code node}. */
    synchronized int openConnections(String node) {
        return links.values().stream().filter(l -> l.from.equals(node) || l.to.equals(node))
                .mapToInt(l -> l.open.size()).sum();
    }

    /** Dialers accepted and held unanswered by cut links, now. */
    synchronized int heldConnections() {
        return links.values().stream().mapToInt(l -> l.held.size()).sum();
    }

    /** Connections reset by the lossy mode so far, over all links. */
    synchronized long resets() {
        return links.values().stream().mapToLong(l -> l.resets.get()).sum();
    }

    @Override
    public synchronized void close() {
        links.values().forEach(Link::close);
    }

    /** Bytes read from one side, to be written to the other at {@code dueNanos} ({@link System#nanoTime}). */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static String key(String from, String to) {
        return from + "->" + to;
    }

    private static int group(List<Set<String>> groups, String node) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains(node)) {
                return i;
            }
        }
        throw new IllegalArgumentException(node + " is in no group of " + groups);
    }

    /** One directed link: its listener, its connections, its mode. */
    private static final class Link {
        final String from;
        final String to;
        final InetSocketAddress target;
        final Random random;
        final ServerSocket server;
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        final Set<Socket> held = ConcurrentHashMap.newKeySet();
        final AtomicLong resets = new AtomicLong();
        volatile Mode mode = Mode.CLEAN;
        volatile boolean closed;

        Link(String from, String to, InetSocketAddress target, Random random) throws IOException {
            this.from = from;
            this.to = to;
            this.target = target;
            this.random = random;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        synchronized void set(Mode m) {
            Mode before = mode;
            mode = m;
            if (m.cut() && !before.cut()) {
                open.forEach(Link::reset); // the partition begins: what was connected breaks
            }
            if (!m.cut() && before.cut()) {
                held.forEach(Link::reset); // healed: the held dialers see a reset and dial again
                held.clear();
            }
        }

        void acceptLoop() {
            while (!closed) {
                Socket in;
                try {
                    in = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                if (holdIfCut(in)) {
                    continue;
                }
                Thread.ofVirtual().name("proxy-conn-" + from + "->" + to).start(() -> forward(in));
            }
        }

        /** Under the same lock as {@link #set}: a heal never misses a socket held just before it. */
        private synchronized boolean holdIfCut(Socket in) {
            if (mode.cut()) {
                held.add(in); // black hole: accepted, never answered, until healed or closed
                return true;
            }
            return false;
        }

        void forward(Socket in) {
            Socket out = new Socket();
            try {
                out.connect(target, 2_000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
            } catch (IOException e) {
                reset(in); // the target is down: the dialer sees what it would have seen
                reset(out);
                return;
            }
            open.add(in);
            open.add(out);
            Thread.ofVirtual().start(() -> pump(in, out));
            pump(out, in);
        }

        /** Copies {@code src} to {@code dst} through a delivery queue that applies the mode's delay. */
        void pump(Socket src, Socket dst) {
            LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            long[] deliverAt = new long[1];
            Thread writer = Thread.ofVirtual().start(() -> deliver(queue, dst, src));
            try (InputStream r = src.getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = r.read(buf)) >= 0) {
                    Mode m = mode;
                    if (m.cut()) {
                        break;
                    }
                    if (m.resetChance() > 0 && random.nextDouble() < m.resetChance()) {
                        resets.incrementAndGet();
                        break;
                    }
                    long wait = m.delayMillis() + (m.jitterMillis() > 0 ? (long) (random.nextDouble() * m.jitterMillis()) : 0);
                    deliverAt[0] = Math.max(deliverAt[0], System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait));
                    queue.add(new Chunk(Arrays.copyOf(buf, n), deliverAt[0]));
                }
            } catch (IOException e) {
                // the other side or the mode closed it
            } finally {
                reset(src);
                reset(dst);
                writer.interrupt();
                open.remove(src);
                open.remove(dst);
            }
        }

        /** Writes each chunk to {@code dst} when it is due. */
        private static void deliver(LinkedBlockingQueue<Chunk> queue, Socket dst, Socket src) {
            try {
                OutputStream w = dst.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    long left = c.dueNanos() - System.nanoTime();
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left); // the injected delay of a slow link
                    }
                    w.write(c.bytes());
                    w.flush();
                }
            } catch (IOException | InterruptedException e) {
                reset(src);
                reset(dst);
            }
        }

        static void reset(Socket s) {
            try {
                if (!s.isClosed()) {
                    s.setSoLinger(true, 0); // RST rather than FIN: a broken link, not a goodbye
                }
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }

        void close() {
            closed = true;
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
            new ArrayList<>(open).forEach(Link::reset);
            new ArrayList<>(held).forEach(Link::reset);
        }
    }
}
