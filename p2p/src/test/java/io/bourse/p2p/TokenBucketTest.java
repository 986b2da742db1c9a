package io.bourse.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void startsFullAndRefillsAtTheRateUpToCapacity() {
        TokenBucket b = new TokenBucket(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(b.tryTake(1)).isTrue();
        }
        assertThat(b.tryTake(1)).isFalse();
        assertThat(b.nanosUntil(1)).isEqualTo(100_000_000L);
        now.addAndGet(100_000_000L);
        assertThat(b.tryTake(1)).isTrue();
        now.addAndGet(3_600_000_000_000L); // an hour: still only the capacity
        assertThat(b.tryTake(5)).isTrue();
        assertThat(b.tryTake(1)).isFalse();
    }

    @Test
    void aRequestLargerThanWhatIsLeftTakesNothing() {
        TokenBucket b = new TokenBucket(1_000, 1_000, now::get);
        assertThat(b.tryTake(600)).isTrue();
        assertThat(b.tryTake(600)).isFalse();
        assertThat(b.tryTake(400)).isTrue();
    }
}
