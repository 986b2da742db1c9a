package io.bourse.bench;

import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.market.MatchListener;
import io.bourse.core.market.MatchingBook;
import io.bourse.core.market.OrderBook;
import io.bourse.core.market.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matching core ({@link OrderBook}) on a realistic mix, one thread: about 1,000 resting
 * orders over several hundred price levels; 48 % placements that rest, 42 % cancels of resting
 * orders, 10 % crossing orders (limit, IOC, FOK, market-like) that fill one or more makers. The
 * stream is generated once (seeded) by simulating it, then replayed; at its end the book is rebuilt
 * from the same starting orders, so every pass sees the same states. Score = order operations/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatchingBench {
    static final int BATCH = 1_000;
    static final int STREAM = 2_000_000;
    static final int RESTING = 1_000;
    static final int LEVELS = 400;
    static final long MID = 1_000_000;

    // the stream, column-wise: kind 0 = place, 1 = cancel
    byte[] kind;
    long[] id;
    long[] owner;
    byte[] side;
    long[] price;
    long[] qty;
    byte[] tif;
    long[][] initial;
    int pos;
    MatchingBook book;
    final Counter counter = new Counter();

    static final class Counter implements MatchListener {
        long filled;

        @Override
        public void trade(long makerId, long makerOwner, long takerId, long price, long quantity, boolean makerDone) {
            filled += quantity;
        }

        @Override
        public void selfTradeCancelled(long makerId, long remaining) {
            filled++;
        }
    }

    @Setup
    public void generate() {
        Random rnd = new Random(42);
        OrderBook sim = new OrderBook();
        List<Long> live = new ArrayList<>();
        initial = new long[RESTING][];
        long next = 1;
        for (int i = 0; i < RESTING; i++) {
            boolean buy = i % 2 == 0;
            long p = buy ? MID - 1 - rnd.nextInt(LEVELS) : MID + 1 + rnd.nextInt(LEVELS);
            long q = 1 + rnd.nextInt(1_000);
            long o = rnd.nextInt(200);
            initial[i] = new long[] {next, o, buy ? 0 : 1, p, q};
            sim.restore(next, o, buy ? Side.BUY : Side.SELL, p, q);
            live.add(next++);
        }
        kind = new byte[STREAM];
        id = new long[STREAM];
        owner = new long[STREAM];
        side = new byte[STREAM];
        price = new long[STREAM];
        qty = new long[STREAM];
        tif = new byte[STREAM];
        for (int i = 0; i < STREAM; i++) {
            int r = rnd.nextInt(100);
            if (r < 42 && sim.size() > RESTING * 9 / 10 || sim.size() > RESTING * 11 / 10) {
                long victim;
                do { // makers filled or self-trade-cancelled since are no longer live: skip them
                    int at = rnd.nextInt(live.size());
                    victim = live.get(at);
                    live.set(at, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                } while (sim.remaining(victim) < 0);
                kind[i] = 1;
                id[i] = victim;
                sim.cancel(victim);
                continue;
            }
            boolean buy = rnd.nextBoolean();
            boolean crossing = r >= 90;
            long bestOpp = buy ? sim.bestAsk() : sim.bestBid();
            long p;
            if (crossing && bestOpp != MatchingBook.NONE) {
                long through = rnd.nextInt(5);
                p = buy ? bestOpp + through : Math.max(1, bestOpp - through);
            } else {
                long bestOwn = buy ? sim.bestBid() : sim.bestAsk();
                long anchor = bestOwn == MatchingBook.NONE ? MID : bestOwn;
                long d = rnd.nextInt(LEVELS);
                p = buy ? Math.min(anchor, MID - 1) - d / 2 : Math.max(anchor, MID + 1) + d / 2;
                if (bestOpp != MatchingBook.NONE && (buy ? p >= bestOpp : p <= bestOpp)) {
                    p = buy ? bestOpp - 1 : bestOpp + 1;
                }
            }
            kind[i] = 0;
            id[i] = next++;
            owner[i] = rnd.nextInt(200);
            side[i] = (byte) (buy ? 0 : 1);
            price[i] = Math.max(1, p);
            qty[i] = 1 + rnd.nextInt(crossing ? 3_000 : 1_000);
            tif[i] = (byte) (crossing ? rnd.nextInt(3) : 0);
            long rested = sim.place(id[i], owner[i], buy ? Side.BUY : Side.SELL, price[i], qty[i],
                    TimeInForce.values()[tif[i]], MatchListener.NONE);
            if (rested > 0) {
                live.add(id[i]);
            }
        }
        reset();
    }

    private void reset() {
        book = new OrderBook();
        for (long[] o : initial) {
            book.restore(o[0], o[1], o[2] == 0 ? Side.BUY : Side.SELL, o[3], o[4]);
        }
        pos = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mixedOperations() {
        if (pos + BATCH > STREAM) {
            reset();
        }
        MatchingBook b = book;
        TimeInForce[] tifs = TimeInForce.values();
        long acc = 0;
        for (int n = 0; n < BATCH; n++, pos++) {
            int i = pos;
            if (kind[i] == 1) {
                acc += b.cancel(id[i]);
            } else {
                acc += b.place(id[i], owner[i], side[i] == 0 ? Side.BUY : Side.SELL, price[i], qty[i], tifs[tif[i]],
                        counter);
            }
        }
        return acc + counter.filled;
    }
}
