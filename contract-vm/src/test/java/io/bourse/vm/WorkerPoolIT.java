package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Worker processes (K6: crash containment), with real processes: results as in-process, a
 * poisoned or exhausted worker replaced while the rest of its batch completes, the next batch
 * running normally, and nothing left running after close.
 */
// covers: K6
class WorkerPoolIT {
    static final ContractSandbox REFERENCE = new ContractSandbox();
    static final Duration DEADLINE = Duration.ofSeconds(180);

    @AfterAll
    static void close() {
        REFERENCE.close();
    }

    static ContractCall call(int contract, String code, int block) {
        return ContractCall.onNewBlock(code, Address.derived("test/pool", new byte[] {(byte) contract}), Hash.of(new byte[] {(byte) block}),
                1_700_000_000_000L + block, "{\"block\":{\"height\":" + block + "}}", Map.of("seen", "x" + contract), 1_000_000);
    }

    static final String NORMAL = """
            function onNewBlock(ctx) {
              let s = 0; for (let i = 0; i < 500; i++) s += i * ctx.block.height;
              ctx.storage.set('s', String(s) + ctx.storage.get('seen') + Math.random());
              ctx.placeOrder({ market: 'm', side: 'buy', price: '1.5', quantity: BigInt(ctx.block.height) * 10n });
            }
            """;
    /** One statement that runs for a long time inside a builtin: only the watchdog ends it. */
    static final String SPINS_IN_A_BUILTIN = "function onNewBlock(ctx) { ctx.storage.set('x', String(7n ** 30000000n % 10n)); }";
    /** Fills any heap: the worker dies of OutOfMemoryError. */
    static final String HEAP_BOMB = "function onNewBlock(ctx) { const keep = []; for (;;) keep.push(new Array(1 << 20).fill(1.5)); }";

    static List<ContractCall> normalBatch(int block) {
        List<ContractCall> calls = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            calls.add(call(c, NORMAL, block));
        }
        return calls;
    }

    @Test
    void callsRunInWorkersAndComeBackInOrderExactlyAsInProcess() {
        try (WorkerPool pool = new WorkerPool(WorkerPool.Options.defaults().withWorkers(2))) {
            assertThat(pool.workerPids()).as("workers start on the first batch").isEmpty();
            assertThat(pool.engineVersion()).isEqualTo(REFERENCE.engineVersion()).startsWith("graaljs-");
            for (int block = 1; block <= 3; block++) {
                List<ContractCall> calls = normalBatch(block);
                List<CallResult> results = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(calls));
                assertThat(results).isEqualTo(REFERENCE.runAll(calls)).allMatch(r -> r instanceof Completed);
            }
            assertThat(pool.workerPids()).hasSize(2);
            assertThat(pool.restarts()).isZero();
            assertThat(pool.runAll(List.of())).isEmpty();
        }
    }

    @Test
    void aWorkerSpinningInABuiltinIsKilledAndReplacedWhileItsBatchCompletes() {
        List<String> restarts = Collections.synchronizedList(new ArrayList<>());
        WorkerPool.Options options = WorkerPool.Options.defaults().withWorkers(2).withCallTimeout(Duration.ofSeconds(5))
                .withListener((worker, why) -> restarts.add(why.code()));
        try (WorkerPool pool = new WorkerPool(options)) {
            pool.runAll(normalBatch(1)); // workers up and warm
            List<Long> before = pool.workerPids();
            List<ContractCall> calls = normalBatch(2);
            calls.add(3, call(99, SPINS_IN_A_BUILTIN, 2));
            List<CallResult> results = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(calls));

            Failed poisoned = (Failed) results.get(3);
            assertThat(poisoned.reason()).isEqualTo(Failure.TIMED_OUT);
            assertThat(poisoned.abstains()).isTrue();
            List<CallResult> bystanders = new ArrayList<>(results);
            bystanders.remove(3);
            assertThat(bystanders).as("the rest of the batch").isEqualTo(REFERENCE.runAll(normalBatch(2)));
            assertThat(pool.restarts()).isEqualTo(1);
            assertThat(restarts).containsExactly("timed-out");
            assertThat(before).as("a killed worker is gone").anyMatch(pid -> !alive(pid));

            List<CallResult> next = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(normalBatch(3)));
            assertThat(next).as("the next block's calls run").isEqualTo(REFERENCE.runAll(normalBatch(3)));
            assertThat(pool.workerPids()).hasSize(2);
        }
    }

    @Test
    void aWorkerThatRunsOutOfMemoryLosesOnlyItsCall() {
        List<String> restarts = Collections.synchronizedList(new ArrayList<>());
        WorkerPool.Options options = WorkerPool.Options.defaults().withWorkers(2).withHeap("128m")
                .withCallTimeout(Duration.ofSeconds(60)).withListener((worker, why) -> restarts.add(why.code()));
        try (WorkerPool pool = new WorkerPool(options)) {
            List<ContractCall> calls = normalBatch(1);
            calls.add(0, call(98, HEAP_BOMB, 1));
            List<CallResult> results = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(calls));
            Failed lost = (Failed) results.get(0);
            assertThat(lost.reason()).isEqualTo(Failure.WORKER_LOST);
            assertThat(lost.abstains()).isTrue();
            assertThat(results.subList(1, results.size())).isEqualTo(REFERENCE.runAll(normalBatch(1)));
            assertThat(restarts).containsExactly("worker-lost");
            assertThat(assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(normalBatch(2))))
                    .isEqualTo(REFERENCE.runAll(normalBatch(2)));
        }
    }

    @Test
    void closeLeavesNoWorkerRunning() {
        WorkerPool pool = new WorkerPool(WorkerPool.Options.defaults().withWorkers(2));
        assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(normalBatch(1)));
        List<Long> pids = pool.workerPids();
        assertThat(pids).hasSize(2);
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid).toList()).containsAll(pids);
        pool.close();
        assertThat(pids).noneMatch(WorkerPoolIT::alive);
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).toList()).doesNotContainAnyElementsOf(pids);
        assertThatThrownBy(() -> pool.runAll(normalBatch(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWorkerWritesNothingButFramesAndEndsWhenItsStdinCloses() throws Exception {
        Process p = new ProcessBuilder(WorkerPool.command(WorkerPool.Options.defaults())).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            DataInputStream out = new DataInputStream(new BufferedInputStream(p.getInputStream()));
            DataOutputStream in = new DataOutputStream(p.getOutputStream());
            assertThat(assertTimeoutPreemptively(DEADLINE, () -> WorkerProtocol.readHello(out))).isEqualTo(REFERENCE.engineVersion());
            ContractCall c = call(1, NORMAL, 1);
            WorkerProtocol.writeBlock(in, c.block());
            WorkerProtocol.writeCall(in, c, false);
            in.flush();
            assertThat(assertTimeoutPreemptively(DEADLINE, () -> WorkerProtocol.readResult(out)))
                    .as("a call without code the worker does not keep: it asks for it").isNull();
            WorkerProtocol.writeCall(in, c, true);
            in.flush();
            assertThat(assertTimeoutPreemptively(DEADLINE, () -> WorkerProtocol.readResult(out))).isEqualTo(REFERENCE.call(c));
            WorkerProtocol.writeCall(in, c, false);
            in.flush();
            assertThat(assertTimeoutPreemptively(DEADLINE, () -> WorkerProtocol.readResult(out)))
                    .as("the code is kept once sent").isEqualTo(REFERENCE.call(c));
            in.close();
            assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("ends by itself").isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(out.readAllBytes()).as("nothing else on stdout").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void workersDoNotOutliveAServerKilledWithoutClosingThePool() throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        Process server = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"), KilledServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String pids = assertTimeoutPreemptively(DEADLINE, lines::readLine);
            List<ProcessHandle> workers = Arrays.stream(pids.split(",")).map(Long::parseLong)
                    .map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
            assertThat(workers).hasSize(2).allMatch(ProcessHandle::isAlive);
            assertThat(assertTimeoutPreemptively(DEADLINE, lines::readLine)).isEqualTo("spinning");
            server.destroyForcibly(); // SIGKILL: no close(), no shutdown hook
            CompletableFuture.allOf(workers.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            assertThat(workers).as("orphaned workers end by themselves").noneMatch(ProcessHandle::isAlive);
        } finally {
            server.destroyForcibly();
        }
    }

    /** A server that starts a pool, says its workers' pids, and keeps one of them spinning until it is killed. */
    static final class KilledServer {
        public static void main(String[] args) {
            WorkerPool pool = new WorkerPool(WorkerPool.Options.defaults().withWorkers(2).withCallTimeout(Duration.ofHours(1)));
            pool.runAll(normalBatch(1));
            System.out.println(String.join(",", pool.workerPids().stream().map(String::valueOf).toList()));
            System.out.println("spinning");
            System.out.flush();
            pool.runAll(List.of(call(97, "function onNewBlock(ctx) { for (;;) { try { 7n ** 30000000n; } catch (e) {} } }", 1)));
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
