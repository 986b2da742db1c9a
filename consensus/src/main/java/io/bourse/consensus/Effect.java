package io.bourse.consensus;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.types.PublicKey;
import java.util.Objects;

/**
 * What the engine asks of its driver, in order. The engine has already called
 * {@link Application#commit} when it emits {@link Committed}; anything signed has already been
 * written to the {@link SigningJournal} when it appears in {@link Broadcast} or {@link SendTo}.
 */
public sealed interface Effect {
    /** Send to every peer (signers and observers). The engine has handled its own copy already. */
    record Broadcast(ConsensusMessage message) implements Effect {
        public Broadcast {
            Objects.requireNonNull(message, "message");
        }
    }

    record SendTo(PublicKey peer, ConsensusMessage message) implements Effect {
        public SendTo {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Deliver {@link Input.TimerFired}(kind, height, round) at {@code atMillis} (or at once if that passed). */
    record SetTimer(TimerKind kind, long height, int round, long atMillis) implements Effect {
    }

    /** The block is final and was committed to the application: publish it (API stream, metrics). */
    record Committed(Block block, QuorumCertificate certificate) implements Effect {
    }

    /** This node is behind: fetch final blocks from {@code fromHeight} on (up to at least {@code seenHeight}) and feed them back as {@link Input.BlockSynced}. */
    record SyncRequest(long fromHeight, long seenHeight) implements Effect {
    }

    /** A signer equivocated (C8): keep and report. */
    record EvidenceFound(Evidence evidence) implements Effect {
    }

    /** One operator line for a round that timed out: who proposed, who is missing. */
    record Stalled(long height, int round, String summary) implements Effect {
    }

    /**
     * A message or block this node refused, and why: the driver counts it by reason and logs it
     * ({@code what} names the message, e.g. "proposal for height 12 round 0 from bx1…").
     */
    record Refused(String what, Refusal refusal) implements Effect {
        public Refused {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** Something an operator must know (f = 0, an invalid certified block, a refused message pattern). */
    record Warning(String message) implements Effect {
    }
}
