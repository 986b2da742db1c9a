package io.bourse.vm;

import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Failure;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Worker} process seen from the pool: send a call, read its result, under a
 * wall-clock alarm that kills the process when the call overruns. A worker that is killed, dies
 * or answers garbage is {@linkplain #gone() gone}; the pool replaces it.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Logger WORKER_LOG = LoggerFactory.getLogger(Worker.class);
    static final String TIMED_OUT = "the call ran longer than the watchdog allows";
    static final String LOST = "the worker process running the call died";

    private final int slot;
    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private final String engineVersion;
    private final AtomicBoolean killedByWatchdog = new AtomicBoolean();
    private final Set<Hash> sentCode = new HashSet<>(); // the worker may have dropped some: it asks again
    private BlockInput sentBlock;
    private volatile boolean gone;

    private WorkerProcess(int slot, Process process, DataOutputStream toWorker, DataInputStream fromWorker, String engineVersion) {
        this.slot = slot;
        this.process = process;
        this.toWorker = toWorker;
        this.fromWorker = fromWorker;
        this.engineVersion = engineVersion;
    }

    /**
     * Starts a worker and waits for its hello. {@code started} sees the process as soon as it
     * exists, so that the pool can kill it whatever happens next.
     */
    static WorkerProcess start(int slot, List<String> command, Duration startTimeout, ScheduledExecutorService watchdog,
                               Consumer<Process> started) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.accept(p);
        pumpStderr(slot, p);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(p.getOutputStream()));
        DataInputStream in = new DataInputStream(new BufferedInputStream(p.getInputStream()));
        ScheduledFuture<?> alarm = watchdog.schedule(p::destroyForcibly, startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return new WorkerProcess(slot, p, out, in, WorkerProtocol.readHello(in));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IOException("worker " + slot + " did not start", e);
        } finally {
            alarm.cancel(false);
        }
    }

    /** The worker's stderr, line by line, to the log (it carries the JVM's and the worker's own messages). */
    private static void pumpStderr(int slot, Process p) {
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    WORKER_LOG.info("worker {} (pid {}): {}", slot, p.pid(), line.length() > 2000 ? line.substring(0, 2000) : line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "bourse-worker-" + slot + "-stderr");
        pump.setDaemon(true);
        pump.start();
    }

    String engineVersion() {
        return engineVersion;
    }

    long pid() {
        return process.pid();
    }

    /** Killed, dead or out of step: must be replaced. */
    boolean gone() {
        return gone || !process.isAlive();
    }

    /** Why this worker went: the watchdog's kill, or anything else. */
    Failure goneBecause() {
        return killedByWatchdog.get() ? Failure.TIMED_OUT : Failure.WORKER_LOST;
    }

    /**
     * Runs one call within {@code timeout}. Answers null when the call could not even be sent
     * (the worker was already gone: the call is innocent and may run elsewhere); otherwise the
     * worker's result, or TIMED_OUT / WORKER_LOST when the worker was killed or died meanwhile.
     */
    CallResult call(ContractCall call, Duration timeout, ScheduledExecutorService watchdog) {
        if (gone()) {
            gone = true;
            return null;
        }
        try {
            if (sentBlock != call.block()) {
                WorkerProtocol.writeBlock(toWorker, call.block());
                sentBlock = call.block();
            }
            WorkerProtocol.writeCall(toWorker, call, !sentCode.contains(call.codeHash()));
            toWorker.flush();
        } catch (IOException e) {
            gone = true;
            process.destroyForcibly();
            return null;
        }
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            killedByWatchdog.set(true);
            process.destroyForcibly();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            CallResult result = WorkerProtocol.readResult(fromWorker);
            if (result == null) { // it does not keep this code (any more): the same call again, with it
                WorkerProtocol.writeCall(toWorker, call, true);
                toWorker.flush();
                result = WorkerProtocol.readResult(fromWorker);
                if (result == null) {
                    throw new IOException("the worker asked twice for the code of one call");
                }
            }
            sentCode.add(call.codeHash());
            if (!alarm.cancel(false)) {
                gone = true; // killed just as it answered: the answer stands, the worker does not
            }
            return result;
        } catch (IOException | RuntimeException e) {
            alarm.cancel(false);
            gone = true;
            process.destroyForcibly();
            return goneBecause() == Failure.TIMED_OUT ? new CallResult.Failed(Failure.TIMED_OUT, TIMED_OUT, 0)
                    : new CallResult.Failed(Failure.WORKER_LOST, LOST, 0);
        }
    }

    /** Closes the worker's stdin (it exits by itself), waits a moment, then kills it. */
    @Override
    public void close() {
        gone = true;
        try {
            toWorker.close();
        } catch (IOException e) {
            // already gone
        }
        stop(process, Duration.ofSeconds(2));
    }

    /** Waits up to {@code grace} for the process to exit, then kills it and waits for that. */
    static void stop(Process p, Duration grace) {
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
