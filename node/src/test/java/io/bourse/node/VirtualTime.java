package io.bourse.node;

import io.bourse.core.types.PublicKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One virtual clock for a whole in-JVM network, and the queue of everything due on it. Each of a
 * node's threads becomes a {@link Lane} (its consensus {@link Scheduler}, its workers, its network
 * inbox). Tasks run only inside {@link #runUntil} / {@link #advance}, on the calling thread, in
 * order of due time and then of submission, and the clock jumps from one due time to the next; so
 * a run is a pure function of what was submitted and never waits for real time.
 *
 * <p>Not thread-safe: one thread (the test's) builds the nodes and drives the clock. A task that
 * throws stops the run: the exception leaves {@code runUntil}.
 */
final class VirtualTime {
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::at).thenComparingLong(Task::sequence));
    private long now;
    private long sequence;
    private long tasksRun;
    private boolean running;

    VirtualTime(long startMillis) {
        this.now = startMillis;
    }

    long nowMillis() {
        return now;
    }

    /** Virtual nanoseconds, for the node's monotonic clock. */
    long nowNanos() {
        return now * 1_000_000L;
    }

    /** Tasks run so far: part of a run's fingerprint. */
    long tasksRun() {
        return tasksRun;
    }

    /** A new lane; its tasks share this clock and queue with every other lane's. */
    Lane lane(String name) {
        return new Lane(name);
    }

    /** Runs everything due in the next {@code millis}; the clock then stands {@code millis} later. */
    void advance(long millis) {
        runUntil(() -> false, millis);
    }

    /**
     * Runs due tasks in order until {@code done} holds (checked before each task) or
     * {@code maxVirtualMillis} have passed, whichever comes first. The clock stands at the last
     * task run, or at the limit when that was reached.
     *
     * @return whether {@code done} holds
     */
    boolean runUntil(BooleanSupplier done, long maxVirtualMillis) {
        if (running) {
            throw new IllegalStateException("runUntil from inside a task");
        }
        long limit = now + maxVirtualMillis;
        running = true;
        try {
            while (!done.getAsBoolean()) {
                Task next = queue.peek();
                if (next == null || next.at() > limit) {
                    now = limit;
                    return done.getAsBoolean();
                }
                queue.poll();
                now = next.at();
                if (!next.lane().closed) {
                    tasksRun++;
                    next.body().run();
                }
            }
            return true;
        } finally {
            running = false;
        }
    }

    /**
     * Inboxes for {@link LocalNetwork} on this clock: each message takes {@code minLatency} to
     * {@code maxLatency} ms, drawn from {@code random}, but never overtakes an earlier one from the
     * same sender (the transport's ordering contract).
     */
    Function<PublicKey, LocalNetwork.Inbox> inboxes(Random random, long minLatency, long maxLatency) {
        return key -> new LocalNetwork.Inbox() {
            private final Lane lane = lane("inbox " + key.address().text());
            private final Map<PublicKey, Long> lastDue = new HashMap<>();

            @Override
            public void post(PublicKey from, Runnable delivery) {
                long latency = random.nextLong(minLatency, maxLatency + 1);
                long at = Math.max(now + latency, lastDue.getOrDefault(from, Long.MIN_VALUE));
                lastDue.put(from, at);
                lane.schedule(delivery, at - now);
            }

            @Override
            public void close() {
                lane.close();
            }
        };
    }

    private record Task(long at, long sequence, Lane lane, Runnable body) {
    }

    /**
     * One of a node's threads on virtual time. Closing it drops its queued tasks and refuses new
     * ones, as a stopped thread would.
     */
    final class Lane implements Scheduler {
        private final String name;
        private boolean closed;

        private Lane(String name) {
            this.name = name;
        }

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public void execute(Runnable task) {
            schedule(task, 0);
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            if (closed) {
                throw new RejectedExecutionException(name + " is closed");
            }
            queue.add(new Task(now + Math.max(0, delayMillis), sequence++, this, task));
        }

        @Override
        public void close() {
            closed = true;
        }

        /** This lane as a worker thread whose queue holds at most {@code capacity} tasks. */
        ExecutorService asWorker(int capacity) {
            return new AbstractExecutorService() {
                private int waiting;

                @Override
                public void execute(Runnable command) {
                    if (waiting >= capacity) {
                        throw new RejectedExecutionException(name + " is full");
                    }
                    Lane.this.execute(() -> {
                        waiting--;
                        command.run();
                    });
                    waiting++;
                }

                @Override
                public void shutdown() {
                    Lane.this.close();
                }

                @Override
                public List<Runnable> shutdownNow() {
                    Lane.this.close();
                    return List.of();
                }

                @Override
                public boolean isShutdown() {
                    return closed;
                }

                @Override
                public boolean isTerminated() {
                    return closed;
                }

                @Override
                public boolean awaitTermination(long timeout, TimeUnit unit) {
                    return closed;
                }
            };
        }

        @Override
        public String toString() {
            return "Lane[" + name + "]";
        }
    }
}
