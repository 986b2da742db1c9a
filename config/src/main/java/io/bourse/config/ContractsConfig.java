package io.bourse.config;

/**
 * How an execution server runs contract calls (K6, docs/operations.md): in worker processes,
 * each with its own heap, behind a wall-clock backstop.
 *
 * @param workers           worker processes; 0 means one per processor
 * @param workerHeapMb      each worker's heap ({@code -Xmx}), in MiB
 * @param callTimeoutMillis the wall-clock backstop per call: past it the worker is replaced and the
 *                          server abstains for that contract and block (the statement budget should
 *                          end every honest call long before)
 * @param optimize          run the workers with GraalJS's optimizing runtime when the build ships
 *                          the Graal compiler (faster after warm-up; the same results)
 * @param cachedContracts   contracts each worker keeps loaded (a context each, least recently used
 *                          out): keep it above the contracts a worker runs per block, or every
 *                          call reloads its contract
 */
public record ContractsConfig(int workers, int workerHeapMb, long callTimeoutMillis, boolean optimize, int cachedContracts) {
    /** Contracts a worker keeps loaded unless configured: the examples' 2,000-contract benchmark with two workers fits. */
    public static final int DEFAULT_CACHED_CONTRACTS = 1_024;
    public static final ContractsConfig DEFAULTS = new ContractsConfig(0, 512, 2_000, true, DEFAULT_CACHED_CONTRACTS);

    public ContractsConfig {
        if (workers < 0 || workers > 256) {
            throw new IllegalArgumentException("contracts.workers must be 0 (one per processor) to 256");
        }
        if (workerHeapMb < 64 || workerHeapMb > 65_536) {
            throw new IllegalArgumentException("contracts.workerHeapMb must be 64 to 65536");
        }
        if (callTimeoutMillis < 100 || callTimeoutMillis > 600_000) {
            throw new IllegalArgumentException("contracts.callTimeoutMillis must be 100 to 600000");
        }
        if (cachedContracts < 0 || cachedContracts > 1_000_000) {
            throw new IllegalArgumentException("contracts.cachedContracts must be 0 to 1000000");
        }
    }

    /** With the default {@link #cachedContracts}. */
    public ContractsConfig(int workers, int workerHeapMb, long callTimeoutMillis, boolean optimize) {
        this(workers, workerHeapMb, callTimeoutMillis, optimize, DEFAULT_CACHED_CONTRACTS);
    }

    /** The worker count to start: {@link #workers}, or the processors when it is 0. */
    public int workerCount() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
