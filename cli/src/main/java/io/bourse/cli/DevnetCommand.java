package io.bourse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.config.HostPort;
import io.bourse.config.NodeConfig;
import io.bourse.config.NodeConfigs;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A local network in one command: a generator, signers and two execution servers as separate OS
 * processes on loopback, with keys, genesis and configs under {@code --dir}. A new devnet deploys
 * the example contracts and has the investors buy into them, so contracts trade within a minute
 * ({@code --no-contracts} turns that off). Running it again resumes from disk. Ctrl-C stops every
 * node cleanly. Writes {@code DIR/devnet.json} once every node answers.
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "Start a local network: a generator, signers and two execution servers, with the example contracts. "
                + "While it runs, `devnet kill|pause|resume|restart NAME` injects a fault into one of its nodes.",
        subcommands = {DevnetControl.Kill.class, DevnetControl.Pause.class, DevnetControl.Resume.class,
                DevnetControl.Restart.class})
final class DevnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--dir", defaultValue = "devnet-data", description = "Where keys, genesis, configs and data live (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--block-time", defaultValue = "1", description = "blockGenerationTime in seconds (default: ${DEFAULT-VALUE}).")
    BigDecimal blockTime;
    @Option(names = "--signers", defaultValue = "3", description = "Block Signers besides the generator (default: ${DEFAULT-VALUE}).")
    int signers;
    @Option(names = "--chain-id", defaultValue = "bourse-devnet")
    String chainId;
    @Option(names = "--execution-servers", defaultValue = "2", description = "Contract Execution Servers; each contract "
            + "needs min(2, this) of them to agree (default: ${DEFAULT-VALUE}).")
    int executionServers;
    @Option(names = "--no-contracts", negatable = false, description = "Do not deploy the example contracts.")
    boolean noContracts;
    @Option(names = "--minimum-hold", defaultValue = "10", description = "contractMinimumShareHoldTime in seconds: "
            + "short on a devnet so contracts resell soon (default: ${DEFAULT-VALUE}).")
    long minimumHoldSeconds;

    record Member(String name, String role) {
    }

    /**
     * All the devnet's processes share one machine: one interpreted worker per execution server.
     * The optimizing runtime's warm-up (JIT compilation threads in every worker) measurably starved
     * the six nodes on two cores — votes lapsed for the first minute — so the devnet leaves it off.
     */
    static final io.bourse.config.ContractsConfig DEVNET_CONTRACTS = new io.bourse.config.ContractsConfig(1, 256, 2_000,
            false);

    private final List<Process> processes = new ArrayList<>();
    /** Each node's state as devnet.json shows it: running, paused or killed (index = member). */
    private final List<String> states = new ArrayList<>();
    private List<Member> members = List.of();
    /** Set once Ctrl-C began stopping the nodes: no fault is injected after that. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        dir = dir.toAbsolutePath();
        members = members();
        Path genesisFile = dir.resolve("genesis.json");
        boolean created = !Files.exists(genesisFile);
        if (created) {
            create(members, genesisFile);
            out.printf("Created a new devnet in %s%n", dir);
        } else {
            out.printf("Resuming the devnet in %s%n", dir);
        }
        assignPorts(members, false);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "devnet-stop"));
        startAll(out);
        for (Member m : members) {
            out.printf("  %-20s %-17s %s  (log: %s)%n", m.name(), m.role(), api(m), dir.resolve(m.name()).resolve("node.log"));
        }
        if (created && !noContracts) {
            new DevnetContracts(api(members.get(0)), dir, out).deploy();
        }
        writeDevnetJson();
        out.printf("Devnet running (%s). Ctrl-C stops it. Try: ./bourse status --node %s%n",
                dir.resolve("devnet.json"), api(members.get(0)));
        out.flush();
        DevnetControl.serve(dir, this::control); // until Ctrl-C runs the shutdown hook
        return 0;
    }

    /** How many times the devnet chooses new ports when a node finds one of its ports taken. */
    static final int START_ATTEMPTS = 3;

    /**
     * Starts every member and waits until each answers. A port chosen for a node can be taken by
     * another program before the node binds it (seconds later, after the JVM started); the node
     * then exits saying so, and the devnet stops the others, chooses new ports for all (peers'
     * addresses change with them) and starts again, at most {@link #START_ATTEMPTS} times. Any
     * other failure ends the devnet with the node's own last words.
     */
    private void startAll(PrintWriter out) throws Exception {
        for (int attempt = 1; ; attempt++) {
            List<Long> logStarts = new ArrayList<>();
            for (Member m : members) {
                logStarts.add(logSize(m));
                Process p = start(m);
                synchronized (processes) {
                    processes.add(p);
                }
                states.add("running");
            }
            try {
                for (int i = 0; i < members.size(); i++) {
                    waitHealthy(api(members.get(i)), processes.get(i), members.get(i), logStarts.get(i));
                }
                return;
            } catch (NodeFailed e) {
                if (!e.portTaken || attempt == START_ATTEMPTS || stopping) {
                    throw e;
                }
                out.printf("devnet: %s%n        choosing new ports and starting every node again (attempt %d of %d)%n",
                        e.getMessage(), attempt + 1, START_ATTEMPTS);
                out.flush();
                stopProcesses();
                synchronized (processes) {
                    processes.clear();
                }
                states.clear();
                assignPorts(members, true);
            }
        }
    }

    /** A node that exited or never answered while starting; {@code portTaken} when it said it could not bind. */
    static final class NodeFailed extends IllegalStateException {
        final boolean portTaken;

        NodeFailed(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }
    }

    private long logSize(Member m) throws IOException {
        Path log = dir.resolve(m.name()).resolve("node.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What a node wrote to its log since {@code from} (its last start), the last {@code max} lines. */
    private List<String> logSince(Member m, long from, int max) {
        Path log = dir.resolve(m.name()).resolve("node.log");
        try (var ch = java.nio.channels.FileChannel.open(log)) {
            long start = Math.max(from, ch.size() - 64 * 1024);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (ch.size() - start));
            while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                // read to the end
            }
            List<String> lines = new ArrayList<>(java.util.Arrays.stream(
                    new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank()).toList());
            return lines.subList(Math.max(0, lines.size() - max), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private String api(Member m) throws IOException {
        NodeConfig c = NodeConfigs.load(configFile(m));
        return "http://" + c.apiListen().host() + ":" + c.apiListen().port();
    }

    /** devnet.json: every node's name, role, API, pid and state, and the launcher's pid (written atomically). */
    private synchronized void writeDevnetJson() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("launcherPid", ProcessHandle.current().pid());
        ArrayNode nodes = doc.putArray("nodes");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            nodes.addObject().put("name", m.name()).put("role", m.role()).put("api", api(m))
                    .put("pid", processes.get(i).pid()).put("state", states.get(i));
        }
        Path tmp = dir.resolve("devnet.json.tmp");
        Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        Files.move(tmp, dir.resolve("devnet.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * One fault asked for by {@code devnet kill|pause|resume|restart NAME}: done by the launcher,
     * which owns the node processes (a restarted node is its child too, so Ctrl-C stops it), and
     * recorded in devnet.json. Returns what happened, in words.
     */
    private synchronized String control(DevnetControl.Request r) throws Exception {
        int i = -1;
        for (int k = 0; k < members.size(); k++) {
            if (members.get(k).name().equals(r.name())) {
                i = k;
            }
        }
        if (i < 0) {
            throw new IllegalArgumentException("no node named " + r.name() + " in this devnet (nodes: "
                    + members.stream().map(Member::name).toList() + ")");
        }
        if (stopping) {
            throw new IllegalStateException("the devnet is stopping");
        }
        Member m = members.get(i);
        Process p = processes.get(i);
        String done;
        switch (r.verb()) {
            case "kill" -> {
                p.destroyForcibly(); // SIGKILL: no clean shutdown, as a crash
                p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
                states.set(i, "killed");
                done = m.name() + " killed (SIGKILL, pid " + p.pid() + ")";
            }
            case "pause", "resume" -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(m.name() + " is not running (" + states.get(i) + "): restart it");
                }
                signal(p, r.verb().equals("pause") ? "STOP" : "CONT");
                states.set(i, r.verb().equals("pause") ? "paused" : "running");
                done = m.name() + (r.verb().equals("pause") ? " paused (SIGSTOP" : " resumed (SIGCONT") + ", pid " + p.pid() + ")";
            }
            case "restart" -> {
                if (p.isAlive()) {
                    signal(p, "CONT"); // a paused process would not act on SIGTERM
                    p.destroy();
                    if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
                if (r.wipe()) {
                    Path data = dir.resolve(m.name()).resolve("data");
                    if (Files.exists(data)) {
                        try (var walk = Files.walk(data)) {
                            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                                Files.delete(f);
                            }
                        }
                    }
                }
                long logStart = logSize(m);
                Process q = start(m);
                synchronized (processes) {
                    processes.set(i, q);
                }
                states.set(i, "running");
                writeDevnetJson();
                waitHealthy(api(m), q, m, logStart);
                done = m.name() + " restarted" + (r.wipe() ? " from an empty data directory" : "") + " (pid " + q.pid()
                        + ", " + api(m) + ")";
            }
            default -> throw new IllegalArgumentException("unknown verb " + r.verb());
        }
        writeDevnetJson();
        System.err.println("devnet: " + done);
        return done;
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        if (!k.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    private List<Member> members() {
        List<Member> ms = new ArrayList<>();
        ms.add(new Member("generator", "generator"));
        for (int i = 1; i <= signers; i++) {
            ms.add(new Member("signer-" + i, "signer"));
        }
        for (int i = 1; i <= executionServers; i++) {
            ms.add(new Member("execution-server-" + i, "execution-server"));
        }
        return ms;
    }

    private Path configFile(Member m) {
        return dir.resolve(m.name()).resolve("node.json");
    }

    private void create(List<Member> members, Path genesisFile) throws IOException {
        Files.createDirectories(dir);
        List<PublicKey> signerKeys = new ArrayList<>();
        List<PublicKey> serverKeys = new ArrayList<>();
        for (Member m : members) {
            Path d = dir.resolve(m.name());
            Files.createDirectories(d);
            KeyPair k = KeyPair.generate();
            KeyFile.write(d.resolve("node.key"), k, Optional.empty());
            (m.role().equals("execution-server") ? serverKeys : signerKeys).add(k.publicKey());
        }
        Path clients = dir.resolve("clients");
        Files.createDirectories(clients);
        KeyPair coinOperator = KeyPair.generate();
        KeyFile.write(clients.resolve("coin-operator.key"), coinOperator, Optional.empty());
        List<String> funds = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            KeyPair investor = KeyPair.generate();
            KeyFile.write(clients.resolve("investor-" + i + ".key"), investor, Optional.empty());
            funds.add(investor.address().text() + "=10000");
        }
        Genesis g = GenesisCommand.build(ChainId.of(chainId), blockTime, signerKeys, serverKeys,
                coinOperator.publicKey(), funds, System.currentTimeMillis(),
                p -> p.withHoldTimes(minimumHoldSeconds, p.contractMaximumShareHoldTimeSeconds()));
        Files.writeString(genesisFile, g.toJson() + "\n");
    }

    /** Free ports chosen now, kept across restarts while they stay free unless {@code fresh}. */
    private void assignPorts(List<Member> members, boolean fresh) throws IOException {
        List<HostPort> p2p = new ArrayList<>();
        List<HostPort> api = new ArrayList<>();
        for (Member m : members) {
            Path f = configFile(m);
            HostPort p = null;
            HostPort a = null;
            if (!fresh && Files.exists(f)) {
                NodeConfig c = NodeConfigs.load(f);
                p = free(c.p2pListen()) ? c.p2pListen() : null;
                a = free(c.apiListen()) ? c.apiListen() : null;
            }
            p2p.add(p != null ? p : new HostPort("127.0.0.1", freePort()));
            api.add(a != null ? a : new HostPort("127.0.0.1", freePort()));
        }
        for (int i = 0; i < members.size(); i++) {
            Path d = dir.resolve(members.get(i).name());
            List<HostPort> peers = new ArrayList<>(p2p);
            peers.remove(i);
            NodeConfig c = new NodeConfig(members.get(i).name(), d.resolve("data"), d.resolve("node.key"),
                    dir.resolve("genesis.json"), p2p.get(i), peers, NodeConfigs.DEFAULT_MAX_OBSERVERS, api.get(i), 1 << 20, false, 20_000, 256,
                    32L << 20, DEVNET_CONTRACTS);
            Files.writeString(configFile(members.get(i)), NodeConfigs.render(c, d));
        }
    }

    private static boolean free(HostPort hp) {
        if (hp.port() == 0) {
            return false;
        }
        try (ServerSocket s = new ServerSocket(hp.port(), 1, java.net.InetAddress.getByName(hp.host()))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free loopback port below the system's ephemeral range. A port the OS hands out for
     * {@code bind(0)} lies inside that range, and between choosing it here and the node binding it
     * (seconds later, after the nodes before it started) any outgoing connection of those nodes
     * may be given it as its local port: the node then fails with "Address already in use". Ports
     * below the range are never given to outgoing connections. Falls back to the OS's choice when
     * no such port is free.
     */
    static int freePort() throws IOException {
        int below = ephemeralLow();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200 && below > 20_000; attempt++) {
            int port = r.nextInt(15_000, below);
            if (TAKEN.add(port) && free(new HostPort("127.0.0.1", port))) {
                return port;
            }
        }
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (TAKEN.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** Ports this process already chose, so that two members never get the same one. */
    private static final java.util.Set<Integer> TAKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The lowest ephemeral port (Linux's ip_local_port_range), or 0 when it cannot be read. Read as
     * lines: /proc reports a size of 0, and {@code Files.readString} trusts the size and returned
     * "3" of "32768 60999", which sent every port to the OS's choice.
     */
    static int ephemeralLow() {
        try {
            String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Process start(Member m) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Six JVMs share the machine: the serial collector (no GC threads competing for the cores),
        // C2 left on (under load it halves the CPU of signature checks and gossip against C1 only),
        // a heap that starts where a loaded node settles and may grow to 1 GiB (docs/benchmarks.md).
        // BOURSE_NODE_JAVA_OPTS adds flags, e.g. a JFR recording for a profile.
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getenv("BOURSE_NODE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "node", "--config",
                configFile(m).toString()));
        Path log = dir.resolve(m.name()).resolve("node.log");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void waitHealthy(String api, Process p, Member m, long logStart) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                List<String> last = logSince(m, logStart, 5);
                boolean portTaken = last.stream().anyMatch(l -> l.contains("Address already in use"));
                throw new NodeFailed(m.name() + " exited with code " + p.exitValue() + "; its log ("
                        + dir.resolve(m.name()).resolve("node.log") + ") ends:\n    " + String.join("\n    ", last), portTaken);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(api + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200); // polling interval while waiting for the node to listen
        }
        throw new NodeFailed(m.name() + " did not answer " + api + "/health within 90 s; see "
                + dir.resolve(m.name()).resolve("node.log"), false);
    }

    private void stopAll() {
        stopping = true;
        stopProcesses();
        System.err.println("devnet: all nodes stopped");
    }

    /** SIGTERM to every node (woken first if paused), SIGKILL to any still running after 15 s. */
    private void stopProcesses() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (Process p : all) {
            if (p.isAlive()) {
                try {
                    signal(p, "CONT"); // a paused node must wake to act on SIGTERM
                } catch (IOException | InterruptedException e) {
                    p.destroyForcibly();
                }
            }
            p.destroy(); // SIGTERM: the node stops cleanly
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (Process p : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
