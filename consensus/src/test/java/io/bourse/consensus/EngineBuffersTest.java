package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's bounded side structures: the future-height buffer, the evidence log and the sync throttle. */
// covers: C8, C11
class EngineBuffersTest {
    static Input.MessageReceived prepareAt(long height, int round, int signer, String block) {
        var key = TestKeys.key(signer);
        return new Input.MessageReceived(key.publicKey(),
                ConsensusMessage.Prepare.sign(key, GoldenSamples.CHAIN, height, round, Hash.of(block.getBytes())), 0);
    }

    @Test
    void theFutureBufferKeepsNearHeightsInOrderAndDropsFarOnes() {
        FutureBuffer b = new FutureBuffer();
        assertThat(b.add(prepareAt(12, 0, 1, "a"), 10)).isTrue();
        assertThat(b.add(prepareAt(11, 0, 1, "a"), 10)).isTrue();
        assertThat(b.add(prepareAt(10 + FutureBuffer.MAX_HEIGHTS_AHEAD + 1, 0, 1, "a"), 10)).as("too far ahead").isFalse();
        assertThat(b.holds(11)).isTrue();
        assertThat(b.takeUpTo(10)).isEmpty();
        assertThat(b.takeUpTo(12).orElseThrow()).extracting(m -> m.message().height()).containsExactly(11L);
        assertThat(b.takeUpTo(12).orElseThrow()).extracting(m -> m.message().height()).containsExactly(12L);
        assertThat(b.takeUpTo(12)).isEmpty();
    }

    @Test
    void theFutureBufferIsBoundedInMessages() {
        FutureBuffer b = new FutureBuffer();
        for (int i = 0; i < FutureBuffer.MAX_MESSAGES; i++) {
            assertThat(b.add(prepareAt(2, i, 1, "a"), 1)).isTrue();
        }
        assertThat(b.add(prepareAt(2, 0, 2, "a"), 1)).isFalse();
        b.takeUpTo(2);
        assertThat(b.add(prepareAt(2, 0, 2, "a"), 1)).as("room again once taken").isTrue();
    }

    @Test
    void theEvidenceLogKeepsEachEquivocationOnce() {
        var first = (ConsensusMessage.Prepare) prepareAt(5, 0, 1, "a").message();
        var second = (ConsensusMessage.Prepare) prepareAt(5, 0, 1, "b").message();
        EvidenceLog log = new EvidenceLog();
        Evidence e = new Evidence(first.sender(), 5, 0, first, second);
        assertThat(log.add(e)).isTrue();
        assertThat(log.add(new Evidence(first.sender(), 5, 0, first, second))).as("the same again").isFalse();
        assertThat(log.add(new Evidence(first.sender(), 5, 1, first, second))).as("another round").isTrue();
        assertThat(log.all()).hasSize(2);
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void theSyncThrottleAsksAtOncePerHeightThenOncePerInterval() {
        SyncThrottle t = new SyncThrottle();
        assertThat(List.of(t.mayRequest(3, 1_000, 500), t.mayRequest(3, 1_200, 500), t.mayRequest(3, 1_500, 500),
                t.mayRequest(4, 1_501, 500))).containsExactly(true, false, true, true);
    }
}
