package io.bourse.consensus;

import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.consensus.ConsensusMessage.Signed;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.BlockRules;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.block.Refusal.Reason;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.PublicKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The checks of docs/consensus.md that need no engine state: signatures, prepared certificates,
 * round-change justifications, quorum certificates (delegated to node-core's {@link BlockRules}, which
 * the node's chain runs too) and the round timeouts. Each returns why a message is refused, or empty.
 */
public final class Rules {
    /** Round timeouts grow as roundChangeTimeout × 2^(r−1) up to this exponent, then stay (8×). */
    public static final int BACKOFF_CAP_EXPONENT = 3;

    private final SignatureVerifier verifier;
    private final BlockRules blockRules;
    private final boolean ignorePrepared;

    public Rules(SignatureVerifier verifier) {
        this(verifier, false);
    }

    /** {@code ignorePrepared}: the deliberate flaw of {@link ConsensusEngine.Flaw#IGNORE_PREPARED_CERTIFICATES}. */
    Rules(SignatureVerifier verifier, boolean ignorePrepared) {
        this.verifier = verifier;
        this.blockRules = new BlockRules(verifier);
        this.ignorePrepared = ignorePrepared;
    }

    /**
     * How long round {@code round} lasts: round 0 waits for the block's cadence as well
     * (blockGenerationTime + roundChangeTimeout); later rounds back off exponentially, capped at
     * 8 × roundChangeTimeout so a long outage never leaves minutes-long rounds behind.
     */
    public static long roundTimeout(NetworkParameters p, int round) {
        if (round == 0) {
            return p.blockGenerationTimeMillis() + p.roundChangeTimeoutMillis();
        }
        return p.roundChangeTimeoutMillis() << Math.min(round - 1, BACKOFF_CAP_EXPONENT);
    }

    public Optional<Refusal> checkSigned(Signed m, NetworkParameters p) {
        if (!p.isSigner(m.sender())) {
            return refuse(Reason.SENDER_NOT_SIGNER, m.sender().address() + " is not a signer at height " + m.height());
        }
        if (!verifier.verify(m.sender(), m.domain(), p.chainId(), m.signedBytes(), m.signature())) {
            return refuse(Reason.BAD_MESSAGE_SIGNATURE, "bad " + m.domain() + " signature by " + m.sender().address());
        }
        return Optional.empty();
    }

    /** Quorum-many prepares from distinct signers for (height, pc.round, pc.block). */
    public Optional<Refusal> checkCertificate(PreparedCertificate pc, long height, NetworkParameters p) {
        if (pc.block().height() != height) {
            return refuse(Reason.BAD_PREPARED_CERTIFICATE, "prepared certificate for block height " + pc.block().height() + " at height " + height);
        }
        TreeSet<PublicKey> senders = new TreeSet<>();
        for (Prepare prep : pc.prepares()) {
            if (prep.height() != height || prep.round() != pc.round() || !prep.blockHash().equals(pc.block().hash())) {
                return refuse(Reason.BAD_PREPARED_CERTIFICATE, "prepared certificate holds a prepare for another block or round");
            }
            Optional<Refusal> bad = checkSigned(prep, p);
            if (bad.isPresent()) {
                return refuse(Reason.BAD_PREPARED_CERTIFICATE, "prepared certificate: " + bad.get());
            }
            senders.add(prep.sender());
        }
        if (senders.size() < p.quorum()) {
            return refuse(Reason.BAD_PREPARED_CERTIFICATE, "prepared certificate has " + senders.size() + " prepares, the quorum is " + p.quorum());
        }
        return Optional.empty();
    }

    public Optional<Refusal> checkRoundChange(RoundChange rc, NetworkParameters p) {
        Optional<Refusal> bad = checkSigned(rc, p);
        if (bad.isPresent() || rc.prepared().isEmpty()) {
            return bad;
        }
        PreparedCertificate pc = rc.prepared().get();
        if (pc.round() >= rc.round()) {
            return refuse(Reason.BAD_PREPARED_CERTIFICATE, "round change to " + rc.round() + " carries a certificate of round " + pc.round());
        }
        return checkCertificate(pc, rc.height(), p);
    }

    /** The certificate with the highest round among round changes, if any carries one. */
    public static Optional<PreparedCertificate> highest(Collection<RoundChange> rcs) {
        return rcs.stream().flatMap(rc -> rc.prepared().stream())
                .max(Comparator.comparingInt(PreparedCertificate::round));
    }

    /**
     * Rule 5 on the receiving side: a proposal for round r &gt; 0 carries quorum-many valid round
     * changes to (h, r) from distinct signers; if any carries a prepared certificate, the proposed
     * block is the one of the highest round; otherwise it is a special block naming the proposer
     * as generator.
     */
    public Optional<Refusal> checkJustification(Proposal prop, NetworkParameters p, Application app) {
        TreeSet<PublicKey> senders = new TreeSet<>();
        for (RoundChange rc : prop.justification()) {
            if (rc.height() != prop.height() || rc.round() != prop.round()) {
                return refuse(Reason.BAD_JUSTIFICATION, "justification holds a round change for another height or round");
            }
            Optional<Refusal> bad = checkRoundChange(rc, p);
            if (bad.isPresent()) {
                return refuse(Reason.BAD_JUSTIFICATION, "justification: " + bad.get());
            }
            senders.add(rc.sender());
        }
        if (senders.size() < p.quorum()) {
            return refuse(Reason.BAD_JUSTIFICATION, "justification has " + senders.size() + " round changes, the quorum is " + p.quorum());
        }
        Optional<PreparedCertificate> top = ignorePrepared ? Optional.empty() : highest(prop.justification());
        if (top.isPresent()) {
            return top.get().block().hash().equals(prop.block().hash()) ? Optional.empty()
                    : refuse(Reason.BAD_JUSTIFICATION, "proposal does not carry forward the block prepared in round " + top.get().round());
        }
        if (prop.block().header().kind() != BlockKind.SPECIAL || !app.namesGenerator(prop.block(), prop.sender())) {
            return refuse(Reason.BAD_JUSTIFICATION, "a proposal after a round change without a prepared block must name its proposer as generator");
        }
        return Optional.empty();
    }

    /** C4: a certificate for this block, by quorum-many distinct signers of the governing set ({@link BlockRules}). */
    public Optional<Refusal> checkQuorumCertificate(QuorumCertificate qc, Block block, NetworkParameters p) {
        return blockRules.checkCertificate(qc, block.height(), block.hash(), p);
    }

    private static Optional<Refusal> refuse(Reason reason, String detail) {
        return Optional.of(Refusal.of(reason, detail));
    }
}
