package io.bourse.consensus;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.types.PublicKey;
import java.util.Objects;

/** Everything that can happen to the engine; each carries the driver's clock so the engine reads none. */
public sealed interface Input {
    long now();

    /** The node (re)starts: load the journal, read the head, enter the next height. */
    record Start(long now) implements Input {
    }

    /** A message arrived from peer {@code from} (the transport's authenticated peer, not necessarily the signer). */
    record MessageReceived(PublicKey from, ConsensusMessage message, long now) implements Input {
        public MessageReceived {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A timer set by {@link Effect.SetTimer} fired; stale ones (another height or round) are ignored. */
    record TimerFired(TimerKind kind, long height, int round, long now) implements Input {
        public TimerFired {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A block fetched from a peer after a {@link Effect.SyncRequest}; verified like a {@link ConsensusMessage.FinalBlock}. */
    record BlockSynced(Block block, QuorumCertificate certificate, long now) implements Input {
        public BlockSynced {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(certificate, "certificate");
        }
    }
}
