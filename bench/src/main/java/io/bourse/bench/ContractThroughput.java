package io.bourse.bench;

import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractRunner;
import io.bourse.vm.ContractSandbox;
import io.bourse.vm.OptimizedRuntime;
import io.bourse.vm.WorkerPool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What one execution server can do with the example contracts, outside JMH (each mode in a fresh
 * JVM, so "cold" means cold):
 *
 * <ul>
 *   <li>{@code warmup}: wall time from a fresh runner to the first completed call, then calls/s
 *       in one-second windows over 50 contracts (the five examples, ten each, first-block calls
 *       with empty storage, built before the runner so nothing warms it) for {@code --seconds};
 *       stable is where the median of every later run of five windows is at least 90 % of the
 *       median of the last five.</li>
 *   <li>{@code memory}: heap used after {@code System.gc()} (MemoryMXBean) with N distinct
 *       contracts (own addresses, own code sources) each called once, minus the same with none
 *       called, divided by N.</li>
 *   <li>{@code blocks}: N distinct contracts cycling the five examples, the market listing all N,
 *       run as one {@code runAll} per block; N doubles from 8 while a block takes at most 1 s,
 *       then bisects; each N's block runs once cold (new code) and then {@code repeat} times,
 *       the median counts. Bounded by {@code --deadline} seconds; {@code --warmup S} first runs
 *       a block of 50 for S seconds (default: once).</li>
 *   <li>{@code block}: one fixed N run {@code repeat} times (for a profile), after the same warm-up.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/bench.jar io.bourse.bench.ContractThroughput MODE
 * [--runner in-process|pool] [--workers K] [--cached C] [--heap SIZE] [--optimized true] [--n N] [--seconds S] [--repeat R]
 * [--deadline S] [--warmup S]}: see {@link #runner}. Block times count only {@code runAll};
 * building the calls is outside.
 */
public final class ContractThroughput {
    static final long SEED = 42;
    static final long BLOCK_NANOS = 1_000_000_000L;

    private ContractThroughput() {
    }

    record Options(String mode, String runner, int workers, int n, int seconds, int repeat, int deadline, int warmup,
                   int cached, String heap, boolean optimized) {
        static Options parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: ContractThroughput warmup|memory|blocks|block [--runner in-process|pool]"
                        + " [--workers K] [--cached C] [--heap SIZE] [--optimized true] [--n N] [--seconds S] [--repeat R] [--deadline S] [--warmup S]");
            }
            String runner = "in-process";
            int workers = 2;
            int n = -1;
            int seconds = 60;
            int repeat = 3;
            int deadline = 480;
            int warmup = 0;
            int cached = ContractSandbox.DEFAULT_CACHED_CONTRACTS;
            String heap = WorkerPool.Options.defaults().heap();
            boolean optimized = false;
            for (int i = 1; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--runner" -> runner = args[i + 1];
                    case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                    case "--n" -> n = Integer.parseInt(args[i + 1]);
                    case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                    case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                    case "--deadline" -> deadline = Integer.parseInt(args[i + 1]);
                    case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                    case "--cached" -> cached = Integer.parseInt(args[i + 1]);
                    case "--heap" -> heap = args[i + 1];
                    case "--optimized" -> optimized = Boolean.parseBoolean(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(args[0], runner, workers, n, seconds, repeat, deadline, warmup, cached, heap, optimized);
        }
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        System.out.printf("runner %s, %d available processors, max heap %d MiB, java %s%n", o.runner(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.version"));
        switch (o.mode()) {
            case "warmup" -> warmup(o);
            case "memory" -> memory(o, o.n() > 0 ? o.n() : 200);
            case "blocks" -> blocks(o);
            case "block" -> fixedBlock(o, o.n() > 0 ? o.n() : 100);
            default -> throw new IllegalArgumentException("unknown mode " + o.mode());
        }
    }

    /**
     * The runner to measure: {@code in-process}, the {@link ContractSandbox} (one thread), or
     * {@code pool} (also spelled {@code io.bourse.vm.WorkerPool}), a {@link WorkerPool} of
     * {@code --workers} processes with {@code --heap}; both keep {@code --cached} contexts (per worker).
     * {@code --optimized true} starts the workers with GraalJS's optimizing runtime (a build with
     * {@code -Poptimized}; the in-process runner gets it from {@code bench/graal-jit.sh} instead).
     */
    static ContractRunner runner(Options o) {
        return switch (o.runner()) {
            case "in-process" -> new ContractSandbox(o.cached());
            case "pool", "io.bourse.vm.WorkerPool" -> new WorkerPool(WorkerPool.Options.defaults().withWorkers(o.workers())
                    .withCachedContracts(o.cached()).withHeap(o.heap())
                    .withJvmOptions(o.optimized() ? OptimizedRuntime.workerOptions() : List.of()));
            default -> throw new IllegalArgumentException("--runner is in-process or pool, got " + o.runner());
        };
    }

    // ---- warm-up -------------------------------------------------------------------------------

    static void warmup(Options o) {
        ContractWorkload market = new ContractWorkload(50, 0, SEED);
        // first-block calls (empty storage), built without running anything: the runner starts cold
        List<ContractCall> calls = new ArrayList<>();
        for (int i = 0; i < market.size(); i++) {
            calls.add(market.call(ContractWorkload.code(ContractWorkload.exampleOf(i)), i, "onNewBlock",
                    ContractWorkload.HEIGHT, java.util.Map.of()));
        }
        long t0 = System.nanoTime();
        ContractRunner r = runner(o);
        long built = System.nanoTime();
        CallResult first = r.runAll(List.of(calls.get(0))).get(0);
        long firstDone = System.nanoTime();
        ContractWorkload.requireWork(first, ContractWorkload.exampleOf(0) + " (first call)");
        System.out.printf("runner built in %.0f ms; first call completed %.0f ms after the runner was started (%.0f ms"
                + " after the JVM started)%n", ms(built - t0), ms(firstDone - t0),
                (double) ManagementFactory.getRuntimeMXBean().getUptime());
        List<Double> rates = new ArrayList<>();
        long end = System.nanoTime() + o.seconds() * BLOCK_NANOS;
        int next = 1;
        while (System.nanoTime() < end) {
            long w0 = System.nanoTime();
            int done = 0;
            while (System.nanoTime() - w0 < BLOCK_NANOS) {
                ContractWorkload.requireWork(r.runAll(List.of(calls.get(next))).get(0), "call " + next);
                next = (next + 1) % calls.size();
                done++;
            }
            rates.add(done * 1e9 / (System.nanoTime() - w0));
        }
        r.close();
        double plateau = median(rates.subList(Math.max(0, rates.size() - 5), rates.size()));
        // stable: from the first window where the median of every later run of 5 windows is >= 90 %
        // of the plateau (a single window dips whenever another process takes the core)
        int stable = rates.size();
        while (stable > 0 && median(rates.subList(stable - 1, Math.min(rates.size(), stable + 4))) >= 0.9 * plateau) {
            stable--;
        }
        StringBuilder line = new StringBuilder();
        for (double x : rates) {
            line.append(String.format("%.0f ", x));
        }
        System.out.println("calls/s per 1 s window: " + line.toString().trim());
        System.out.printf("plateau %.0f calls/s (median of the last 5 windows); stable (later 5-window medians >= 90%%)"
                + " from %d s after the first call, %.1f s after the runner was started%n", plateau, stable,
                stable + ms(firstDone - t0) / 1000);
    }

    // ---- memory --------------------------------------------------------------------------------

    static void memory(Options o, int n) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ContractWorkload market = new ContractWorkload(n, 0, SEED);
        List<ContractCall> calls = new ArrayList<>(n);
        List<CallResult> results = new ArrayList<>(n);
        try (ContractRunner r = runner(o)) {
            for (int i = 0; i < n; i++) { // each call one contract: its own address, its own code source
                calls.add(market.call(ContractWorkload.code(ContractWorkload.exampleOf(i)), i, "onNewBlock",
                        ContractWorkload.HEIGHT, java.util.Map.of()));
            }
            ContractCall noOp = market.call(ContractBench.NO_OP, 0, "onNewBlock", ContractWorkload.HEIGHT, java.util.Map.of());
            ContractWorkload.completed(r.runAll(List.of(noOp)).get(0), "the no-op contract"); // the engine is up
            long before = usedAfterGc(mem);
            for (ContractCall c : calls) {
                results.add(ContractWorkload.completed(r.runAll(List.of(c)).get(0), "onNewBlock"));
            }
            long after = usedAfterGc(mem);
            System.out.printf("heap used after GC: %.1f MiB with the engine up, %.1f MiB after %d distinct contracts"
                    + " were called once: %.1f KiB per loaded contract (%d results kept)%n", before / 1048576.0,
                    after / 1048576.0, n, (after - before) / 1024.0 / n, results.size());
            // what a call holds while it runs is not in that figure: heap used right after a block, before any GC
            long b0 = mem.getHeapMemoryUsage().getUsed();
            r.runAll(calls);
            long b1 = mem.getHeapMemoryUsage().getUsed();
            System.out.printf("allocated by one block of those %d calls, roughly (heap growth without GC): %.1f MiB%n", n,
                    (b1 - b0) / 1048576.0);
        }
    }

    static long usedAfterGc(MemoryMXBean mem) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---- blocks --------------------------------------------------------------------------------

    record Measured(int n, double medianMillis, double coldMillis, double setupSeconds, int failed, int idle) {
        boolean fits() {
            return medianMillis <= BLOCK_NANOS / 1e6;
        }
    }

    static Measured measure(ContractRunner r, int n, int repeat) {
        long s0 = System.nanoTime();
        ContractWorkload market = new ContractWorkload(n, 0, SEED);
        List<ContractCall> calls = ContractWorkload.block(market, r);
        long s1 = System.nanoTime();
        long c0 = System.nanoTime();
        List<CallResult> cold = r.runAll(calls);
        double coldMillis = ms(System.nanoTime() - c0);
        int failed = 0;
        int idle = 0; // completed without any action or write
        for (int i = 0; i < n; i++) {
            if (cold.get(i) instanceof CallResult.Failed f) {
                failed++;
                System.out.printf("  contract %d (%s) failed: %s%n", i, ContractWorkload.exampleOf(i), f);
            } else if (cold.get(i) instanceof CallResult.Completed c && c.actions().isEmpty() && c.storageWrites().isEmpty()) {
                idle++;
            }
        }
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < repeat; k++) {
            long t0 = System.nanoTime();
            r.runAll(calls);
            times.add(ms(System.nanoTime() - t0));
        }
        Measured m = new Measured(n, median(times), coldMillis, (s1 - s0) / 1e9, failed, idle);
        System.out.printf("N=%5d  block median %8.1f ms %s  first run %8.1f ms  per call %7.0f us  failed %d  idle %d"
                + "  set-up %.1f s%n", n, m.medianMillis(), times.stream().map(t -> String.format("%.0f", t)).toList(),
                coldMillis, m.medianMillis() * 1000 / n, failed, idle, m.setupSeconds());
        return m;
    }

    static void blocks(Options o) {
        long deadline = System.nanoTime() + o.deadline() * BLOCK_NANOS;
        try (ContractRunner r = runner(o)) {
            // warm the runner up on a block that surely fits: once, or for --warmup seconds (the
            // optimizing runtime needs one to two minutes before its rate levels off)
            warm(r, o.warmup());
            Measured good = null;
            Measured bad = null;
            for (int n = 8; System.nanoTime() < deadline; n *= 2) {
                Measured m = measure(r, n, o.repeat());
                if (!m.fits()) {
                    bad = m;
                    break;
                }
                good = m;
            }
            while (good != null && bad != null && bad.n() - good.n() > Math.max(1, good.n() / 16)
                    && System.nanoTime() < deadline) {
                Measured m = measure(r, (good.n() + bad.n()) / 2, o.repeat());
                if (m.fits()) {
                    good = m;
                } else {
                    bad = m;
                }
            }
            if (good == null) {
                System.out.println("no N fits a 1 s block");
                return;
            }
            System.out.printf("largest N measured within a 1 s block: %d (block %.0f ms, %.0f us per call); smallest that"
                    + " did not fit: %s; target 2000: %.1fx short%n", good.n(), good.medianMillis(),
                    good.medianMillis() * 1000 / good.n(), bad == null ? "none (deadline)" : bad.n() + " (" +
                    Math.round(bad.medianMillis()) + " ms)", 2000.0 / good.n());
        }
    }

    /** Runs a block of 50 (the five examples, ten each) once, or again and again for {@code seconds}. */
    static void warm(ContractRunner r, int seconds) {
        List<ContractCall> calls = ContractWorkload.block(new ContractWorkload(50, 0, SEED), r);
        long end = System.nanoTime() + seconds * BLOCK_NANOS;
        int blocks = 0;
        double last;
        do {
            long t0 = System.nanoTime();
            r.runAll(calls);
            last = ms(System.nanoTime() - t0);
            blocks++;
        } while (System.nanoTime() < end);
        System.out.printf("warm-up: %d blocks of 50, the last %.0f ms%n", blocks, last);
    }

    static void fixedBlock(Options o, int n) {
        try (ContractRunner r = runner(o)) {
            warm(r, o.warmup());
            measure(r, n, o.repeat());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return (n & 1) == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
