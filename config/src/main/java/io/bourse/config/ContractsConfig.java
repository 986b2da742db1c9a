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
 */
public record ContractsConfig(int workers, int workerHeapMb, long callTimeoutMillis, boolean optimize) {
    public static final ContractsConfig DEFAULTS = new ContractsConfig(0, 256, 2_000, true);

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
    }

    /** The worker count to start: {@link #workers}, or the processors when it is 0. */
    public int workerCount() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
