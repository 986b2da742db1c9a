package io.bourse.core.block;

import io.bourse.core.block.Refusal.Reason;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a block and a quorum certificate must meet before a block's effects are looked at
 * (C3, C4): one implementation, called by the node's chain and by the consensus simulator alike,
 * so the simulator proves safe exactly the validator production runs. Effects (every commitment,
 * the state root) are the ledger's to check, after these.
 *
 * <p>Each check returns the first {@link Refusal} found, or empty. None reads a clock: the
 * caller passes its own time.
 */
public final class BlockRules {
    /**
     * How far ahead of the validator's clock a block's timestamp may be. It bounds how much a
     * generator can move block time forward (blocks carry the time contracts and hold times see),
     * and must cover the clock skew between honest nodes (NTP keeps it far below this).
     */
    public static final long MAX_CLOCK_DRIFT_MILLIS = 5_000;

    /** The block a new one must extend: its height, hash and timestamp. */
    public record Head(long height, Hash hash, long timestampMillis) {
    }

    private final SignatureVerifier verifier;

    public BlockRules(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * The block alone: the chain it names, the generator's signature, that the header's
     * certificate hash and commitments root match the body, the special-block shape (exactly one
     * special payload, and none in a normal block), and that the parent certificate names the
     * parent.
     */
    public Optional<Refusal> checkStructure(Block b, ChainId chainId) {
        BlockHeader h = b.header();
        if (!h.chainId().equals(chainId)) {
            return refuse(Reason.WRONG_CHAIN, "block is for chain " + h.chainId() + ", this is " + chainId);
        }
        if (!verifier.verify(h.generator(), Domain.BLOCK, chainId, b.hash().unsafeBytes(), b.generatorSignature())) {
            return refuse(Reason.BAD_GENERATOR_SIGNATURE, "bad generator signature by " + h.generator().address());
        }
        if (!Block.certificateHash(b.parentCertificate()).equals(h.parentCertificateHash())) {
            return refuse(Reason.HEADER_BODY_MISMATCH, "parent certificate does not match the header");
        }
        if (!Block.commitmentsRoot(b.commitments()).equals(h.commitmentsRoot())) {
            return refuse(Reason.HEADER_BODY_MISMATCH, "commitments do not match the header's commitmentsRoot");
        }
        if (h.kind() == BlockKind.SPECIAL && (b.commitments().size() != 1 || !b.commitments().get(0).kind().special())) {
            return refuse(Reason.SPECIAL_BLOCK_SHAPE, "a special block carries exactly one special payload");
        }
        if (h.kind() == BlockKind.NORMAL && b.commitments().stream().anyMatch(c -> c.kind().special())) {
            return refuse(Reason.SPECIAL_BLOCK_SHAPE, "a normal block carries no special payload");
        }
        if (b.parentCertificate().isPresent()) {
            QuorumCertificate qc = b.parentCertificate().get();
            if (!qc.blockHash().equals(h.parentHash()) || qc.height().value() + 1 != h.height().value()) {
                return refuse(Reason.CERTIFICATE_FOR_OTHER_BLOCK, "parent certificate is not for the parent block");
            }
        }
        return Optional.empty();
    }

    /**
     * The block as the next on {@code head}: {@link #checkStructure}, then height and parent, a
     * timestamp after the parent's and at most {@link #MAX_CLOCK_DRIFT_MILLIS} ahead of
     * {@code nowMillis}, the hash of the {@code governing} parameters (those in force for the
     * block's height), a generator that is a signer under them, and the parent's certificate
     * (absent only on genesis), valid under {@code headParameters} (those that governed the
     * head's height).
     */
    public Optional<Refusal> checkOnHead(Block b, Head head, NetworkParameters governing, NetworkParameters headParameters,
                                        long nowMillis) {
        Optional<Refusal> structure = checkStructure(b, governing.chainId());
        if (structure.isPresent()) {
            return structure;
        }
        BlockHeader h = b.header();
        if (h.height().value() != head.height() + 1) {
            return refuse(Reason.WRONG_HEIGHT, "height " + h.height() + ", expected " + (head.height() + 1));
        }
        if (!h.parentHash().equals(head.hash())) {
            return refuse(Reason.NOT_ON_HEAD, "parent " + h.parentHash() + " is not the head " + head.hash());
        }
        if (h.timestamp().millis() <= head.timestampMillis()) {
            return refuse(Reason.TIMESTAMP_NOT_AFTER_PARENT, "timestamp " + h.timestamp() + " is not after the parent's");
        }
        if (h.timestamp().millis() > nowMillis + MAX_CLOCK_DRIFT_MILLIS) {
            return refuse(Reason.TIMESTAMP_IN_FUTURE, "timestamp " + h.timestamp() + " is more than "
                    + MAX_CLOCK_DRIFT_MILLIS + " ms ahead of this node's clock");
        }
        if (!h.parametersHash().equals(governing.hash())) {
            return refuse(Reason.WRONG_PARAMETERS, "block names parameters " + h.parametersHash() + ", in force are "
                    + governing.hash());
        }
        if (!governing.isSigner(h.generator())) {
            return refuse(Reason.GENERATOR_NOT_SIGNER, "generator " + h.generator().address() + " is not a Block Signer");
        }
        if (head.height() == 0) {
            return b.parentCertificate().isPresent()
                    ? refuse(Reason.PARENT_CERTIFICATE_UNEXPECTED, "the genesis block has no certificate")
                    : Optional.empty();
        }
        if (b.parentCertificate().isEmpty()) {
            return refuse(Reason.PARENT_CERTIFICATE_MISSING, "the block carries no certificate of its parent");
        }
        return checkCertificate(b.parentCertificate().get(), head.height(), head.hash(), headParameters)
                .map(r -> new Refusal(r.reason(), "parent certificate: " + r.detail()));
    }

    /**
     * C4: a certificate for the block ({@code height}, {@code blockHash}): commit seals over
     * {@link QuorumCertificate#signedMessage} by at least quorum-many distinct signers of the set
     * that governed that height. Signatures are checked last, all at once.
     */
    public Optional<Refusal> checkCertificate(QuorumCertificate qc, long height, Hash blockHash, NetworkParameters governing) {
        if (qc.height().value() != height || !qc.blockHash().equals(blockHash)) {
            return refuse(Reason.CERTIFICATE_FOR_OTHER_BLOCK, "certificate is for block " + qc.blockHash() + " at "
                    + qc.height() + ", not " + blockHash + " at " + height);
        }
        byte[] msg = QuorumCertificate.signedMessage(qc.height(), qc.round(), qc.blockHash());
        List<Ed25519.Check> checks = new ArrayList<>();
        for (CommitSeal s : qc.seals()) {
            if (!governing.isSigner(s.signer())) {
                return refuse(Reason.SEAL_BY_NON_SIGNER, "seal by " + s.signer().address() + ", who is not a signer at height "
                        + height);
            }
            checks.add(new Ed25519.Check(s.signer(), Domain.COMMIT, governing.chainId(), msg, s.signature()));
        }
        // QuorumCertificate's constructor refuses a signer twice: every seal is a distinct signer
        if (checks.size() < governing.quorum()) {
            return refuse(Reason.TOO_FEW_SEALS, checks.size() + " seals, the quorum is " + governing.quorum());
        }
        boolean[] ok = verifier.verifyAll(checks);
        for (int i = 0; i < ok.length; i++) {
            if (!ok[i]) {
                PublicKey who = qc.seals().get(i).signer();
                return refuse(Reason.BAD_SEAL, "bad commit signature by " + who.address());
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(Reason reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }
}
