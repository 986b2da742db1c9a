package io.bourse.node;

import io.bourse.config.NodeConfig;
import io.bourse.node.net.NettyTransport;
import io.bourse.node.net.Transport;
import io.bourse.storage.KeyValueStore;
import io.bourse.storage.RocksKeyValueStore;
import io.bourse.storage.RocksOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What the composition root takes from outside instead of building itself: the peer transport,
 * time and threads, the store, and whether to serve the HTTP API. {@link #production} is what
 * {@code new Node(config)} runs on. A deterministic harness passes a virtual clock, workers that
 * run on it, an in-memory store and an in-memory transport; the node code between them is the
 * production code.
 *
 * @param transports opens the peer transport
 * @param schedulers the consensus scheduler (its clock and its one thread), by thread name
 * @param workers    the other worker threads ({@code admission}, {@code sync-server})
 * @param nanoClock  a monotonic nanosecond clock (observers' rate limits)
 * @param storage    opens the node's key-value store; the node closes it
 * @param api        whether to serve the HTTP API on {@code api.listen}
 * @param contracts  makes the runner of contract calls, for a node that is an execution server
 */
public record NodeOptions(Transport.Factory transports, Function<String, Scheduler> schedulers, Workers workers,
                          LongSupplier nanoClock, Storage storage, boolean api,
                          java.util.function.Supplier<io.bourse.vm.ContractRunner> contracts) {
    public NodeOptions {
        Objects.requireNonNull(transports, "transports");
        Objects.requireNonNull(schedulers, "schedulers");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(contracts, "contracts");
    }

    /** Makes a named worker: one thread, tasks in order, a full queue refuses with RejectedExecutionException. */
    @FunctionalInterface
    public interface Workers {
        /** @param queueCapacity tasks that may wait; {@link Integer#MAX_VALUE} for no limit */
        ExecutorService open(String name, int queueCapacity);
    }

    /** Opens the node's store from its configuration. */
    @FunctionalInterface
    public interface Storage {
        KeyValueStore open(NodeConfig config) throws IOException;
    }

    /** Netty peers, the wall clock, daemon threads, RocksDB in the data directory, the HTTP API. */
    public static NodeOptions production(NodeConfig config) {
        return new NodeOptions(NettyTransport.from(config), Scheduler::singleThread, NodeOptions::daemonThread,
                System::nanoTime, NodeOptions::rocksDb, true, () -> workerPool(config.contracts()));
    }

    /** Contract calls in worker processes, as the node's configuration says (docs/operations.md). */
    static io.bourse.vm.ContractRunner workerPool(io.bourse.config.ContractsConfig c) {
        return new io.bourse.vm.WorkerPool(io.bourse.vm.WorkerPool.Options.defaults().withWorkers(c.workerCount())
                .withHeap(c.workerHeapMb() + "m").withCallTimeout(java.time.Duration.ofMillis(c.callTimeoutMillis()))
                .withCachedContracts(c.cachedContracts())
                .withJvmOptions(c.optimize() ? io.bourse.vm.OptimizedRuntime.workerOptions() : java.util.List.of()));
    }

    public NodeOptions withTransports(Transport.Factory t) {
        return new NodeOptions(t, schedulers, workers, nanoClock, storage, api, contracts);
    }

    public NodeOptions withTime(Function<String, Scheduler> s, Workers w, LongSupplier nanos) {
        return new NodeOptions(transports, s, w, nanos, storage, api, contracts);
    }

    public NodeOptions withStorage(Storage s) {
        return new NodeOptions(transports, schedulers, workers, nanoClock, s, api, contracts);
    }

    public NodeOptions withoutApi() {
        return new NodeOptions(transports, schedulers, workers, nanoClock, storage, false, contracts);
    }

    public NodeOptions withContracts(java.util.function.Supplier<io.bourse.vm.ContractRunner> c) {
        return new NodeOptions(transports, schedulers, workers, nanoClock, storage, api, c);
    }

    /** One daemon thread named {@code name} behind a queue of {@code queueCapacity}. */
    static ExecutorService daemonThread(String name, int queueCapacity) {
        BlockingQueue<Runnable> queue = queueCapacity == Integer.MAX_VALUE
                ? new LinkedBlockingQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** RocksDB in {@code <dataDir>/db}, created if absent. */
    static KeyValueStore rocksDb(NodeConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        return RocksKeyValueStore.open(config.dataDir().resolve("db"),
                RocksOptions.defaults().withBlockCacheBytes(config.storageBlockCacheBytes()));
    }
}
