package io.bourse.vm;

import io.bourse.vm.CallResult.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs contract calls in worker processes (K6: crash containment). Each of {@link Options#workers}
 * workers is a JVM of its own — the current {@code java}, the current class path, a fixed heap
 * and stack, {@code -XX:+ExitOnOutOfMemoryError} — running {@link Worker}, one call at a time,
 * with its contexts kept warm ({@link ContractSandbox}).
 *
 * <p>{@link #runAll} spreads a batch over the workers in parallel: a contract goes to the same
 * worker every time (its context is there), and a worker that runs out of its own calls takes
 * calls from the busiest one. Results come back in the calls' order. A call that overruns
 * {@link Options#callTimeout} — a backstop: the statement budget should end it first; only a
 * builtin that runs long without a statement gets there — has its worker killed and becomes
 * {@code TIMED_OUT}; a worker that dies (out of memory, crash) makes its call {@code WORKER_LOST}.
 * Both abstain, and the worker is replaced in the background; the other calls of the batch are
 * not affected. Workers start on the first batch; all are killed on {@link #close()} and by a
 * shutdown hook, and each worker halts by itself when this process goes away.
 */
public final class WorkerPool implements ContractRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /** Told of every worker that had to be replaced, and why (TIMED_OUT or WORKER_LOST): for metrics. */
    @FunctionalInterface
    public interface RestartListener {
        void restarted(int worker, Failure reason);
    }

    /**
     * @param workers         worker processes (default: available processors)
     * @param heap            each worker's {@code -Xmx} (default 512m: up to ~0.35 MB per kept context)
     * @param stack           each worker's {@code -Xss} (default 4m)
     * @param callTimeout     wall-clock backstop per call (default 2 s)
     * @param startTimeout    how long a worker may take to start (default 60 s)
     * @param cachedContracts contexts each worker keeps alive (default 1,024)
     * @param jvmOptions      more JVM options for the workers (e.g. {@code -Duser.timezone=…}, {@code -Xint})
     * @param listener        told of every restart
     */
    public record Options(int workers, String heap, String stack, Duration callTimeout, Duration startTimeout,
                          int cachedContracts, List<String> jvmOptions, RestartListener listener) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            if (!SIZE.matcher(heap).matches() || !SIZE.matcher(stack).matches()) {
                throw new IllegalArgumentException("heap and stack are JVM sizes such as 256m, got " + heap + " and " + stack);
            }
            if (callTimeout.isNegative() || callTimeout.isZero() || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (cachedContracts < 0) {
                throw new IllegalArgumentException("cachedContracts must not be negative");
            }
            jvmOptions = List.copyOf(jvmOptions);
            Objects.requireNonNull(listener, "listener");
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), "512m", "4m", Duration.ofSeconds(2),
                    Duration.ofSeconds(60), ContractSandbox.DEFAULT_CACHED_CONTRACTS, List.of(), (worker, reason) -> { });
        }

        public Options withWorkers(int n) {
            return new Options(n, heap, stack, callTimeout, startTimeout, cachedContracts, jvmOptions, listener);
        }

        public Options withHeap(String xmx) {
            return new Options(workers, xmx, stack, callTimeout, startTimeout, cachedContracts, jvmOptions, listener);
        }

        public Options withStack(String xss) {
            return new Options(workers, heap, xss, callTimeout, startTimeout, cachedContracts, jvmOptions, listener);
        }

        public Options withCallTimeout(Duration d) {
            return new Options(workers, heap, stack, d, startTimeout, cachedContracts, jvmOptions, listener);
        }

        public Options withCachedContracts(int n) {
            return new Options(workers, heap, stack, callTimeout, startTimeout, n, jvmOptions, listener);
        }

        public Options withJvmOptions(List<String> options) {
            return new Options(workers, heap, stack, callTimeout, startTimeout, cachedContracts, options, listener);
        }

        public Options withListener(RestartListener l) {
            return new Options(workers, heap, stack, callTimeout, startTimeout, cachedContracts, jvmOptions, l);
        }
    }

    private final Options options;
    private final List<String> command;
    private final String engineVersion = LoadedContract.engineVersion();
    private final List<CompletableFuture<WorkerProcess>> slots;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService dispatchers;
    private final ExecutorService starters;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong restarts = new AtomicLong();
    private final Thread shutdownHook = new Thread(this::killAll, "bourse-worker-pool-shutdown");
    private volatile boolean closed;

    public WorkerPool(Options options) {
        this.options = options;
        this.command = command(options);
        this.slots = new ArrayList<>(Collections.nCopies(options.workers(), (CompletableFuture<WorkerProcess>) null));
        this.dispatchers = Executors.newFixedThreadPool(options.workers(), daemons("bourse-worker-dispatch"));
        this.starters = Executors.newCachedThreadPool(daemons("bourse-worker-start"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemons("bourse-worker-watchdog"));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The worker's command line: this JVM's java and class path, the options, {@link Worker}. */
    static List<String> command(Options o) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> c = new ArrayList<>(List.of(java, "-Xmx" + o.heap(), "-Xss" + o.stack(), "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-XX:-UsePerfData"));
        if (Runtime.version().feature() >= 22) {
            c.add("--enable-native-access=ALL-UNNAMED"); // Truffle loads a native library
        }
        if (Runtime.version().feature() >= 24) {
            c.add("--sun-misc-unsafe-memory-access=allow"); // Truffle still uses Unsafe: no warning per worker
        }
        c.addAll(o.jvmOptions());
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                "--cached-contracts=" + o.cachedContracts()));
        return List.copyOf(c);
    }

    private static ThreadFactory daemons(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    /** Workers replaced so far (killed by the watchdog or lost). */
    public long restarts() {
        return restarts.get();
    }

    /** The pids of the worker processes alive now (for tests and diagnostics). */
    List<Long> workerPids() {
        return live.stream().filter(Process::isAlive).map(Process::pid).sorted().toList();
    }

    @Override
    public synchronized List<CallResult> runAll(List<ContractCall> calls) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        CallResult[] results = new CallResult[calls.size()];
        Batch batch = new Batch(calls, options.workers());
        synchronized (slots) {
            for (int slot = 0; slot < options.workers(); slot++) {
                if (slots.get(slot) != null && slots.get(slot).isCompletedExceptionally()) {
                    slots.set(slot, null); // could not start during the last batch: try again
                }
            }
        }
        List<Future<?>> running = new ArrayList<>();
        for (int slot = 0; slot < options.workers(); slot++) {
            if (batch.hasWork(slot)) {
                ensureStarting(slot);
            }
            int s = slot;
            running.add(dispatchers.submit(() -> drain(s, batch, calls, results)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running contract calls", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a dispatcher failed", e.getCause());
            }
        }
        return List.of(results);
    }

    /**
     * Runs this slot's calls, then takes calls from the busiest other slot. A slot whose worker
     * could not start leaves its calls to the others, unless no slot has a worker.
     */
    private void drain(int slot, Batch batch, List<ContractCall> calls, CallResult[] results) {
        while (!failed(slot) || allFailed()) {
            int i = batch.next(slot);
            if (i < 0) {
                return;
            }
            results[i] = runOne(slot, calls.get(i));
        }
    }

    private boolean failed(int slot) {
        synchronized (slots) {
            return slots.get(slot) != null && slots.get(slot).isCompletedExceptionally();
        }
    }

    private boolean allFailed() {
        for (int s = 0; s < options.workers(); s++) {
            if (!failed(s)) {
                return false;
            }
        }
        return true;
    }

    private CallResult runOne(int slot, ContractCall call) {
        for (int attempt = 0; attempt < 2; attempt++) {
            WorkerProcess worker;
            try {
                worker = ensureStarting(slot).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CallResult.Failed(Failure.WORKER_LOST, "no worker process could be started", 0);
            } catch (ExecutionException e) {
                LOG.error("worker {} could not be started", slot, e.getCause());
                return new CallResult.Failed(Failure.WORKER_LOST, "no worker process could be started", 0);
            }
            CallResult result = worker.call(call, options.callTimeout(), watchdog);
            if (worker.gone()) {
                replace(slot, worker);
            }
            if (result != null) {
                return result;
            }
            // the worker was gone before the call reached it: the call is innocent, run it on the replacement
        }
        return new CallResult.Failed(Failure.WORKER_LOST, WorkerProcess.LOST, 0);
    }

    private CompletableFuture<WorkerProcess> ensureStarting(int slot) {
        CompletableFuture<WorkerProcess> f;
        synchronized (slots) {
            f = slots.get(slot);
            if (f == null) {
                f = CompletableFuture.supplyAsync(() -> start(slot), starters);
                slots.set(slot, f);
            }
        }
        return f;
    }

    /** A worker went: count it, tell the listener, start its replacement now (in the background). */
    private void replace(int slot, WorkerProcess gone) {
        Failure why = gone.goneBecause();
        restarts.incrementAndGet();
        LOG.warn("worker {} (pid {}) is gone ({}); starting a new one", slot, gone.pid(), why.code());
        gone.close();
        live.removeIf(p -> !p.isAlive());
        synchronized (slots) {
            if (slots.get(slot) != null && slots.get(slot).getNow(null) == gone) {
                slots.set(slot, null);
            }
        }
        if (!closed) {
            ensureStarting(slot);
        }
        try {
            options.listener().restarted(slot, why);
        } catch (RuntimeException e) {
            LOG.warn("the restart listener failed", e);
        }
    }

    private WorkerProcess start(int slot) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        try {
            WorkerProcess w = WorkerProcess.start(slot, command, options.startTimeout(), watchdog, live::add);
            if (!w.engineVersion().equals(engineVersion)) {
                w.close();
                throw new IllegalStateException("worker " + slot + " runs " + w.engineVersion() + ", not " + engineVersion);
            }
            if (closed) {
                w.close();
                throw new IllegalStateException("the worker pool is closed");
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every worker and waits for each to exit. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (slots) {
            for (CompletableFuture<WorkerProcess> f : slots) {
                WorkerProcess w = f == null ? null : f.getNow(null);
                if (w != null) {
                    w.close();
                }
            }
        }
        killAll();
        dispatchers.shutdownNow();
        starters.shutdownNow();
        watchdog.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void killAll() {
        for (Process p : live) {
            p.destroyForcibly();
        }
        for (Process p : live) {
            WorkerProcess.stop(p, Duration.ofSeconds(10));
        }
    }

    /**
     * Which calls each slot runs: by the contract's address (the same contract, the same worker),
     * and stolen from the slot with the most left when a slot runs out.
     */
    private static final class Batch {
        private final List<ArrayDeque<Integer>> queues = new ArrayList<>();

        Batch(List<ContractCall> calls, int slots) {
            for (int s = 0; s < slots; s++) {
                queues.add(new ArrayDeque<>());
            }
            for (int i = 0; i < calls.size(); i++) {
                queues.get(Math.floorMod(Arrays.hashCode(calls.get(i).contract().unsafeBytes()), slots)).add(i);
            }
        }

        synchronized boolean hasWork(int slot) {
            return !queues.get(slot).isEmpty();
        }

        /** The next call's index for this slot, or -1 when the batch has none left. */
        synchronized int next(int slot) {
            Integer own = queues.get(slot).pollFirst();
            if (own != null) {
                return own;
            }
            ArrayDeque<Integer> busiest = queues.get(0);
            for (ArrayDeque<Integer> q : queues) {
                if (q.size() > busiest.size()) {
                    busiest = q;
                }
            }
            Integer stolen = busiest.pollLast();
            return stolen == null ? -1 : stolen;
        }
    }
}
