package io.bourse.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.FinalBlock;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.core.codec.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ConsensusCodecTest {
    /** One message of every kind, taken from a run with a round change. */
    static List<ConsensusMessage> samples() {
        TestNet net = new TestNet(4, 0);
        net.fire(0, TimerKind.BLOCK_DUE);
        List<ConsensusMessage> out = new ArrayList<>();
        net.deliverAll(e -> {
            out.add(e.message());
            return !(e.message() instanceof Commit);
        });
        net.node(0).down = true;
        net.timeoutAll();
        net.deliverAll(e -> {
            out.add(e.message());
            return true;
        });
        return out;
    }

    @Test
    void everyMessageKindRoundTrips() {
        List<ConsensusMessage> all = samples();
        for (Class<?> kind : List.of(Proposal.class, Prepare.class, Commit.class, RoundChange.class, FinalBlock.class)) {
            assertThat(all).anyMatch(kind::isInstance);
        }
        assertThat(all).anyMatch(m -> m instanceof Proposal p && !p.justification().isEmpty());
        assertThat(all).anyMatch(m -> m instanceof RoundChange rc && rc.prepared().isPresent());
        for (ConsensusMessage m : all) {
            byte[] bytes = ConsensusCodec.encode(m);
            ConsensusMessage back = ConsensusCodec.decode(bytes);
            assertThat(ConsensusCodec.encode(back)).isEqualTo(bytes);
            assertThat(back.getClass()).isEqualTo(m.getClass());
        }
    }

    @Test
    void truncatedOrExtendedMessagesAreRefused() {
        for (ConsensusMessage m : samples().subList(0, 6)) {
            byte[] bytes = ConsensusCodec.encode(m);
            for (int cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length / 40)) {
                byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
                assertThatThrownBy(() -> ConsensusCodec.decode(shorter)).isInstanceOf(CodecException.class);
            }
            byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> ConsensusCodec.decode(longer)).isInstanceOf(CodecException.class);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesThrowOnlyCodecException(@ForAll byte[] bytes, @ForAll long seed) {
        tryDecode(bytes);
        // and mutations of real messages
        byte[] real = ConsensusCodec.encode(Prepare.sign(io.bourse.consensus.sim.SimSetup.key(1),
                io.bourse.consensus.sim.SimSetup.CHAIN, 1 + (seed & 0xFFFF), 0, io.bourse.core.types.Hash.ZERO));
        Random r = new Random(seed);
        real[r.nextInt(real.length)] ^= (byte) (1 + r.nextInt(255));
        tryDecode(real);
    }

    private static void tryDecode(byte[] bytes) {
        try {
            ConsensusCodec.decode(bytes);
        } catch (CodecException expected) {
            // the only exception allowed
        }
    }

    @Test
    void journalEntryRoundTripsWithoutALock() {
        JournalEntry e = new JournalEntry(7, 3, Optional.empty(), Optional.empty());
        assertThat(JournalEntry.fromBytes(e.toBytes())).isEqualTo(e);
        assertThat(e.allowsSigning(7, 3, io.bourse.core.types.Hash.ZERO)).isTrue();
        assertThat(e.allowsSigning(7, 2, io.bourse.core.types.Hash.ZERO)).isFalse();
        assertThat(e.allowsSigning(8, 0, io.bourse.core.types.Hash.ZERO)).isTrue();
    }
}
