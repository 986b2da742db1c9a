package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./bourse devnet} as the integration tests run it: the launcher started in its own JVM on
 * loopback ports the OS picks, waited for until it writes devnet.json, and stopped with every node
 * process it started — restarted ones too, found through devnet.json — even when a test failed.
 */
final class TestDevnet {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path log;
    private final Process launcher;

    private TestDevnet(Path dir, Path log, Process launcher) {
        this.dir = dir;
        this.log = log;
        this.launcher = launcher;
    }

    /** Starts a devnet in {@code dir} (log beside it) with {@code args} after {@code --dir}, and waits for it. */
    static TestDevnet start(Path dir, Duration limit, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "devnet", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolveSibling(dir.getFileName() + "-devnet.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestDevnet d = new TestDevnet(dir, log, p);
        Await.until("devnet.json written", limit, () -> Files.exists(dir.resolve("devnet.json")) || !p.isAlive());
        if (!p.isAlive()) { // the log goes with the test's temporary directory: its end goes into the failure
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("the devnet process exited with " + p.exitValue() + " before devnet.json; its log ends:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return d;
    }

    /** devnet.json's nodes: name, role, api, pid, state. */
    JsonNode nodes() throws Exception {
        return JSON.readTree(dir.resolve("devnet.json").toFile()).get("nodes");
    }

    /** Every node's API URL, in devnet.json's order. */
    List<String> apis() throws Exception {
        List<String> out = new ArrayList<>();
        nodes().forEach(n -> out.add(n.get("api").asText()));
        return out;
    }

    /** SIGTERM to the launcher (it stops its nodes cleanly), then SIGKILL to anything left. */
    void stop() throws Exception {
        List<Long> pids = new ArrayList<>();
        if (Files.exists(dir.resolve("devnet.json"))) {
            nodes().forEach(n -> pids.add(n.get("pid").asLong()));
        }
        launcher.destroy();
        if (!launcher.waitFor(40, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
