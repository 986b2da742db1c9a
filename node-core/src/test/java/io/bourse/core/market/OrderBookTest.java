package io.bourse.core.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payloads.Side;
import org.junit.jupiter.api.Test;

/** The matching rules, one by one, on the fast book. */
class OrderBookTest {
    final OrderBook book = new OrderBook();
    final MatchingDifferentialTest.Recorder events = new MatchingDifferentialTest.Recorder();

    @Test
    void priceThenTimePriorityAndFillsAtTheMakersPrice() { // covers: M2
        book.place(1, 10, Side.SELL, 105, 5, TimeInForce.REST, events);
        book.place(2, 11, Side.SELL, 100, 5, TimeInForce.REST, events);
        book.place(3, 12, Side.SELL, 100, 5, TimeInForce.REST, events);
        long rest = book.place(4, 13, Side.BUY, 110, 12, TimeInForce.REST, events);
        assertThat(rest).isZero();
        assertThat(events.events).containsExactly(
                1L, 2L, 11L, 4L, 100L, 5L, 1L,
                1L, 3L, 12L, 4L, 100L, 5L, 1L,
                1L, 1L, 10L, 4L, 105L, 2L, 0L);
        assertThat(book.remaining(1)).isEqualTo(3);
        book.validate();
    }

    @Test
    void iocDropsTheRestAndFokKillsWithoutTouchingTheBook() { // covers: M2
        book.place(1, 10, Side.BUY, 100, 5, TimeInForce.REST, events);
        assertThat(book.place(2, 11, Side.SELL, 100, 8, TimeInForce.FOK, events)).isEqualTo(MatchingBook.KILLED);
        assertThat(book.remaining(1)).isEqualTo(5);
        assertThat(book.place(3, 11, Side.SELL, 100, 8, TimeInForce.IOC, events)).isZero();
        assertThat(book.size()).isZero();
        assertThat(book.bestBid()).isEqualTo(MatchingBook.NONE);
    }

    @Test
    void selfTradeCancelsTheRestingOrderAndMatchingContinues() { // covers: M2
        book.place(1, 10, Side.SELL, 100, 5, TimeInForce.REST, events);
        book.place(2, 11, Side.SELL, 101, 5, TimeInForce.REST, events);
        book.place(3, 10, Side.BUY, 101, 3, TimeInForce.REST, events);
        assertThat(events.events).containsExactly(2L, 1L, 5L, 1L, 2L, 11L, 3L, 101L, 3L, 0L);
        assertThat(book.remaining(1)).isEqualTo(-1);
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void fokDoesNotCountTheOwnersOwnOrders() { // covers: M2
        book.place(1, 10, Side.SELL, 100, 5, TimeInForce.REST, events);
        book.place(2, 11, Side.SELL, 100, 2, TimeInForce.REST, events);
        assertThat(book.place(3, 10, Side.BUY, 100, 3, TimeInForce.FOK, events)).isEqualTo(MatchingBook.KILLED);
        assertThat(book.size()).isEqualTo(2);
    }

    @Test
    void cancelReturnsTheRemainderAndRemovesEmptyLevels() { // covers: M2
        book.place(1, 10, Side.BUY, 99, 5, TimeInForce.REST, events);
        book.place(2, 10, Side.BUY, 98, 5, TimeInForce.REST, events);
        assertThat(book.cancel(1)).isEqualTo(5);
        assertThat(book.cancel(1)).isEqualTo(-1);
        assertThat(book.bestBid()).isEqualTo(98);
        book.validate();
    }
}
