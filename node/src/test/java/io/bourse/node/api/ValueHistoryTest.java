package io.bourse.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Performance figures by hand on small histories (Coin units per share, ppm). // covers: O6 */
class ValueHistoryTest {
    static final long DAY = ValueHistory.DAY_MILLIS;

    @Test
    void aValueThatStaysPutAddsNoPoint() {
        ValueHistory h = new ValueHistory();
        assertThat(h.add(1, 1_000, 100)).isTrue();
        assertThat(h.add(2, 2_000, 100)).isFalse();
        assertThat(h.add(3, 3_000, 101)).isTrue();
        assertThat(h.points()).extracting(ValueHistory.Point::height).containsExactly(1L, 3L);
    }

    @Test
    void changesOverADayAWeekAndAllTime() {
        ValueHistory h = new ValueHistory();
        long t0 = 1_000_000_000_000L;
        h.add(1, t0, 200_000_000);               // 2.0
        h.add(2, t0 + 3 * DAY, 250_000_000);     // 2.5
        h.add(3, t0 + 7 * DAY + 1, 240_000_000); // 2.4
        h.add(4, t0 + 8 * DAY, 300_000_000);     // 3.0
        long now = t0 + 8 * DAY + 10;
        // a day ago (t0 + 7d + 10) the value in force was 2.4: (3.0 − 2.4) ÷ 2.4 = +25 %
        assertThat(h.change(now, DAY).orElseThrow().ppm()).isEqualTo(250_000);
        assertThat(h.change(now, DAY).orElseThrow().from().height()).isEqualTo(3);
        // a week ago (t0 + 1d + 10) it was 2.0: +50 %
        assertThat(h.change(now, 7 * DAY).orElseThrow().ppm()).isEqualTo(500_000);
        assertThat(h.changeAllTime().orElseThrow().ppm()).isEqualTo(500_000);
        // a window reaching before the first point: the contract is younger than it
        assertThat(h.change(now, 30 * DAY)).isEmpty();
    }

    @Test
    void lossesRoundTowardMinusInfinity() {
        ValueHistory h = new ValueHistory();
        h.add(1, 0, 300_000_000); // 3.0
        h.add(2, 10, 200_000_000); // 2.0: −1/3 = −333,333.33… ppm → −333,334
        assertThat(h.changeAllTime().orElseThrow().ppm()).isEqualTo(-333_334);
        assertThat(ValueHistory.ppmOf(1, 3)).isEqualTo(333_333);
    }

    @Test
    void maximumDrawdownIsTheLargestFallFromAPreviousHigh() {
        ValueHistory h = new ValueHistory();
        h.add(1, 0, 100); // peak 100
        h.add(2, 1, 80);  // −20 %
        h.add(3, 2, 150); // new peak 150
        h.add(4, 3, 90);  // −40 % from 150
        h.add(5, 4, 120);
        h.add(6, 5, 50);  // −66.66…% → 666,666
        h.add(7, 6, 200);
        assertThat(h.peak()).isEqualTo(200);
        assertThat(h.maxDrawdownPpm()).isEqualTo(666_666);
    }

    @Test
    void aZeroValueHasNoRatioAndFeesCountOncePerCharge() {
        ValueHistory h = new ValueHistory();
        h.add(1, 0, 0);
        h.add(2, 1, 100);
        assertThat(h.changeAllTime().orElseThrow().from().height()).as("from the first value above zero").isEqualTo(2);
        assertThat(h.change(1, 1)).as("a value of 0 a moment ago: no ratio").isEmpty();
        assertThat(h.maxDrawdownPpm()).isZero();
        h.fee(5_000, 300, 7);
        h.fee(5_000, 300, 7); // the same charge seen at the next block
        h.fee(9_000, 100, 0);
        assertThat(h.feesPaidCoin()).isEqualTo(400);
        assertThat(h.feesPaidShares()).isEqualTo(7);
    }

    @Test
    void pointsComeInBlockOrder() {
        ValueHistory h = new ValueHistory();
        h.add(5, 0, 1);
        assertThatThrownBy(() -> h.add(5, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add(6, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
