package io.bourse.node;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Time and the one thread the consensus driver runs on. Production uses the wall clock and a
 * daemon thread ({@link #singleThread}); a deterministic test harness supplies a virtual clock
 * and runs due tasks itself, so a whole node can be stepped without sleeping (node tests:
 * {@code VirtualTime}, passed in through {@link NodeOptions}).
 */
public interface Scheduler extends AutoCloseable {
    /** Milliseconds since the epoch, as this node sees them. */
    long nowMillis();

    /** Runs the task on the scheduler's thread, after those already queued. */
    void execute(Runnable task) throws RejectedExecutionException;

    /** Runs the task on the scheduler's thread once {@code delayMillis} have passed. */
    void schedule(Runnable task, long delayMillis) throws RejectedExecutionException;

    /** Stops taking tasks and waits briefly for the running one. */
    @Override
    void close();

    /** The wall clock and one daemon thread named {@code name}. */
    static Scheduler singleThread(String name) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public void schedule(Runnable task, long delayMillis) {
                loop.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                loop.shutdown();
                try {
                    loop.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
