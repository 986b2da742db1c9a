package io.bourse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Faults injected into a running devnet by name, as an operator or a test would: {@code devnet
 * kill|pause|resume|restart NAME --dir DIR}. The launcher owns the node processes, so the command
 * asks it: it drops a request file in {@code DIR/control/}, the launcher acts (SIGKILL, SIGSTOP,
 * SIGCONT, or a clean stop and a new process, optionally on an empty data directory), rewrites
 * {@code devnet.json} (each node's pid and state) and renames the request {@code .done} or
 * {@code .failed} with what happened; the command prints that and exits 0 or 1.
 */
final class DevnetControl {
    private DevnetControl() {
    }

    /** One request: what to do to which node. */
    record Request(String verb, String name, boolean wipe) {
    }

    @FunctionalInterface
    interface Handler {
        String handle(Request r) throws Exception;
    }

    /** The launcher's side: answers requests until the process ends (never returns normally). */
    static void serve(Path dir, Handler handler) throws InterruptedException, IOException {
        Path control = dir.resolve("control");
        Files.createDirectories(control);
        ObjectMapper json = new ObjectMapper();
        while (true) {
            List<Path> requests;
            try (Stream<Path> s = Files.list(control)) {
                requests = s.filter(f -> f.getFileName().toString().endsWith(".request")).sorted().toList();
            }
            for (Path f : requests) {
                String base = f.getFileName().toString().replaceFirst("\\.request$", "");
                String outcome;
                String text;
                try {
                    JsonNode n = json.readTree(f.toFile());
                    text = handler.handle(new Request(n.path("verb").asText(), n.path("name").asText(),
                            n.path("wipe").asBoolean(false)));
                    outcome = ".done";
                } catch (Exception e) {
                    text = e.getMessage() == null ? e.toString() : e.getMessage();
                    outcome = ".failed";
                }
                Path tmp = control.resolve(base + ".tmp");
                Files.writeString(tmp, text);
                Files.move(tmp, control.resolve(base + outcome), StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(f);
            }
            Thread.sleep(100); // polling the control directory: requests are rare and a human or a test waits
        }
    }

    /** The command's side: the request, then the launcher's answer. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", defaultValue = "devnet-data", description = "The running devnet's directory (default: ${DEFAULT-VALUE}).")
        Path dir;
        @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the launcher (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;
        @Parameters(paramLabel = "NAME", description = "A node of the devnet: generator, signer-N, execution-server-N (devnet.json).")
        String name;

        abstract String verb();

        boolean wipe() {
            return false;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path devnetJson = dir.resolve("devnet.json");
            if (!Files.exists(devnetJson)) {
                throw new IllegalArgumentException("--dir " + dir + ": no devnet.json; start one with ./bourse devnet --dir " + dir);
            }
            long launcher = new ObjectMapper().readTree(devnetJson.toFile()).path("launcherPid").asLong(-1);
            if (!ProcessHandle.of(launcher).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("--dir " + dir + ": the devnet that wrote devnet.json (pid " + launcher
                        + ") is not running");
            }
            Path control = dir.resolve("control");
            Files.createDirectories(control);
            String base = String.format("%019d-%s-%s", System.nanoTime(), verb(), name.replaceAll("[^A-Za-z0-9-]", "_"));
            Path tmp = control.resolve(base + ".tmp");
            Files.writeString(tmp, new ObjectMapper().createObjectNode().put("verb", verb()).put("name", name)
                    .put("wipe", wipe()).toString());
            Files.move(tmp, control.resolve(base + ".request"), StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (System.nanoTime() < deadline) {
                Path done = control.resolve(base + ".done");
                Path failed = control.resolve(base + ".failed");
                if (Files.exists(done)) {
                    out.println(Files.readString(done, StandardCharsets.UTF_8));
                    Files.deleteIfExists(done);
                    return 0;
                }
                if (Files.exists(failed)) {
                    String why = Files.readString(failed, StandardCharsets.UTF_8);
                    Files.deleteIfExists(failed);
                    throw new IllegalStateException("devnet " + verb() + " " + name + ": " + why);
                }
                Thread.sleep(100); // polling for the launcher's answer
            }
            throw new IllegalStateException("devnet " + verb() + " " + name + ": the launcher did not answer within "
                    + timeoutSeconds + " s");
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "SIGKILL one node of the running devnet (a crash).")
    static final class Kill extends Base {
        String verb() {
            return "kill";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "SIGSTOP one node: it keeps its sockets but "
            + "does nothing until resumed (a hung process, a long GC pause).")
    static final class Pause extends Base {
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "SIGCONT a paused node.")
    static final class Resume extends Base {
        String verb() {
            return "resume";
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop one node cleanly (if it runs) and "
            + "start it again with its configuration; it catches up from its peers.")
    static final class Restart extends Base {
        @Option(names = "--wipe", description = "Delete its data directory first: it starts from genesis and syncs.")
        boolean wipeData;

        String verb() {
            return "restart";
        }

        @Override
        boolean wipe() {
            return wipeData;
        }
    }
}
