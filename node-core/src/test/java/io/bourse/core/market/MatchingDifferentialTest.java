package io.bourse.core.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast book and the reference book run the same seeded random streams: identical events,
 * identical results and identical books after every step, and the fast book's invariants hold
 * after every step (STYLE.md: differential test with a consistency check).
 */
class MatchingDifferentialTest {
    /** Records every event as a flat list of longs. */
    static final class Recorder implements MatchListener {
        final List<Long> events = new ArrayList<>();
        long trades;
        long selfTrades;

        @Override
        public void trade(long makerId, long makerOwner, long takerId, long price, long quantity, boolean makerDone) {
            trades++;
            events.addAll(List.of(1L, makerId, makerOwner, takerId, price, quantity, makerDone ? 1L : 0L));
        }

        @Override
        public void selfTradeCancelled(long makerId, long remaining) {
            selfTrades++;
            events.addAll(List.of(2L, makerId, remaining));
        }
    }

    static List<Long> snapshot(MatchingBook b) {
        List<Long> out = new ArrayList<>();
        b.forEach((id, owner, side, price, rem) -> out.addAll(List.of(id, owner, (long) side.ordinal(), price, rem)));
        out.add(b.bestBid());
        out.add(b.bestAsk());
        out.add((long) b.size());
        return out;
    }

    static void run(long seed, int steps, int owners, int levels) {
        Random rnd = new Random(seed);
        OrderBook fast = new OrderBook();
        ReferenceBook ref = new ReferenceBook();
        Recorder rf = new Recorder();
        Recorder rr = new Recorder();
        List<Long> placed = new ArrayList<>();
        long nextId = 1;
        long mid = 10_000;
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(100);
            if (op < 35 && !placed.isEmpty()) {
                long id = rnd.nextInt(10) == 0 ? nextId + 5 : placed.get(rnd.nextInt(placed.size()));
                assertThat(fast.cancel(id)).as("cancel %d at step %d", id, step).isEqualTo(ref.cancel(id));
            } else {
                long id = nextId++;
                placed.add(id);
                Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
                int spread = rnd.nextInt(10) < 8 ? levels : levels / 10 + 1;
                long offset = rnd.nextInt(spread) - (op % 3 == 0 ? spread / 2 : 0);
                long price = Math.max(1, side == Side.BUY ? mid - offset : mid + offset);
                long qty = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(5000) : rnd.nextInt(100));
                TimeInForce tif = switch (rnd.nextInt(10)) {
                    case 0 -> TimeInForce.IOC;
                    case 1 -> TimeInForce.FOK;
                    default -> TimeInForce.REST;
                };
                long owner = rnd.nextInt(owners);
                long a = fast.place(id, owner, side, price, qty, tif, rf);
                long b = ref.place(id, owner, side, price, qty, tif, rr);
                assertThat(a).as("place result at step %d", step).isEqualTo(b);
            }
            if (rnd.nextInt(50) == 0) {
                mid += rnd.nextInt(21) - 10;
            }
            if (!rf.events.equals(rr.events)) {
                assertThat(rf.events).as("events at step %d", step).isEqualTo(rr.events);
            }
            rf.events.clear();
            rr.events.clear();
            fast.validate();
            ref.validate();
            if (step % 25 == 0 && !snapshot(fast).equals(snapshot(ref))) {
                assertThat(snapshot(fast)).as("book at step %d", step).isEqualTo(snapshot(ref));
            }
        }
        assertThat(snapshot(fast)).isEqualTo(snapshot(ref));
        assertThat(rf.trades).as("the stream crosses").isGreaterThan(steps / 20);
        assertThat(rf.selfTrades).as("the stream self-trades").isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_991, -7, 0x5eed, 31_337, 271_828})
    void fastAndReferenceBooksAgreeOnSeededRandomStreams(long seed) { // covers: M2
        run(seed, 2_000, 6, 200);
    }

    @Test
    void longStreamWithManyOwnersAndDeepBookAgrees() { // covers: M2
        run(20240601L, 20_000, 50, 400);
    }

    @Test
    void fewOwnersMakeSelfTradesFrequentAndStillAgree() { // covers: M2
        run(7L, 10_000, 2, 30);
    }
}
