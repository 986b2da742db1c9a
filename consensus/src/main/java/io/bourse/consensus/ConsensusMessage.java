package io.bourse.consensus;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.Writer;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What signers say to each other (docs/consensus.md). Every message except {@link FinalBlock} is
 * signed by its sender under its own {@link Domain} and the chain id; the signature covers
 * {@link Signed#signedBytes()}, never the whole encoding, so a proposal's block and justification
 * and a round change's prepared certificate are checked on their own (they carry their own
 * signatures). Wire form: {@link ConsensusCodec}.
 */
public sealed interface ConsensusMessage {
    long height();

    /** A message that carries its sender's signature. */
    sealed interface Signed extends ConsensusMessage {
        int round();

        PublicKey sender();

        Signature signature();

        Domain domain();

        byte[] signedBytes();

        /** "proposal h=12 r=0 from bx1…", for log lines. */
        default String describe() {
            String kind = switch (this) {
                case Proposal p -> "proposal";
                case Prepare p -> "prepare";
                case Commit c -> "commit";
                case RoundChange rc -> "round change";
            };
            return kind + " h=" + height() + " r=" + round() + " from " + sender().address();
        }
    }

    private static void check(long height, int round) {
        if (height < 1) {
            throw new IllegalArgumentException("consensus runs from height 1, got " + height);
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative");
        }
    }

    private static byte[] roundAndHash(long height, int round, Hash hash) {
        return new Writer(48).i64(height).u32(round).fixed(hash.unsafeBytes()).toByteArray();
    }

    /** Proposer(h, r) offers a block; for r &gt; 0 it carries the quorum of round changes that justify it. */
    record Proposal(long height, int round, Block block, List<RoundChange> justification, PublicKey sender,
                    Signature signature) implements Signed {
        public Proposal {
            check(height, round);
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(signature, "signature");
            justification = List.copyOf(justification);
            if (block.height() != height) {
                throw new IllegalArgumentException("proposal for height " + height + " carries block " + block.height());
            }
        }

        public static Proposal sign(KeyPair key, ChainId chain, long height, int round, Block block,
                                    List<RoundChange> justification) {
            Signature s = key.sign(Domain.PROPOSAL, chain, roundAndHash(height, round, block.hash()));
            return new Proposal(height, round, block, justification, key.publicKey(), s);
        }

        public Domain domain() {
            return Domain.PROPOSAL;
        }

        public byte[] signedBytes() {
            return roundAndHash(height, round, block.hash());
        }
    }

    /** "I accepted this proposal at (h, r)." */
    record Prepare(long height, int round, Hash blockHash, PublicKey sender, Signature signature) implements Signed {
        public Prepare {
            check(height, round);
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(signature, "signature");
        }

        public static Prepare sign(KeyPair key, ChainId chain, long height, int round, Hash blockHash) {
            return new Prepare(height, round, blockHash, key.publicKey(),
                    key.sign(Domain.PREPARE, chain, roundAndHash(height, round, blockHash)));
        }

        public Domain domain() {
            return Domain.PREPARE;
        }

        public byte[] signedBytes() {
            return roundAndHash(height, round, blockHash);
        }
    }

    /**
     * "I saw a quorum prepare this block at (h, r)." The signature is the commit seal that goes
     * into the block's {@link QuorumCertificate}: it covers {@link QuorumCertificate#signedMessage}.
     */
    record Commit(long height, int round, Hash blockHash, PublicKey sender, Signature seal) implements Signed {
        public Commit {
            check(height, round);
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(seal, "seal");
        }

        public static Commit sign(KeyPair key, ChainId chain, long height, int round, Hash blockHash) {
            return new Commit(height, round, blockHash, key.publicKey(),
                    key.sign(Domain.COMMIT, chain, roundAndHash(height, round, blockHash)));
        }

        public Signature signature() {
            return seal;
        }

        public Domain domain() {
            return Domain.COMMIT;
        }

        public byte[] signedBytes() {
            return roundAndHash(height, round, blockHash);
        }
    }

    /**
     * "I am moving to {@code round} at this height", with the highest-round block the sender saw a
     * quorum prepare ({@link PreparedCertificate}), so the next proposer must carry it forward.
     */
    record RoundChange(long height, int round, Optional<PreparedCertificate> prepared, PublicKey sender,
                       Signature signature) implements Signed {
        public RoundChange {
            check(height, round);
            Objects.requireNonNull(prepared, "prepared");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(signature, "signature");
        }

        public static RoundChange sign(KeyPair key, ChainId chain, long height, int round,
                                       Optional<PreparedCertificate> prepared) {
            return new RoundChange(height, round, prepared, key.publicKey(),
                    key.sign(Domain.ROUND_CHANGE, chain, body(height, round, prepared)));
        }

        private static byte[] body(long height, int round, Optional<PreparedCertificate> prepared) {
            Writer w = new Writer(96).i64(height).u32(round).bool(prepared.isPresent());
            prepared.ifPresent(pc -> w.u32(pc.round()).fixed(pc.block().hash().unsafeBytes()));
            return w.toByteArray();
        }

        public Domain domain() {
            return Domain.ROUND_CHANGE;
        }

        public byte[] signedBytes() {
            return body(height, round, prepared);
        }
    }

    /** A final block announced with its certificate; it needs no signature of its own. */
    record FinalBlock(Block block, QuorumCertificate certificate) implements ConsensusMessage {
        public FinalBlock {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(certificate, "certificate");
        }

        public long height() {
            return block.height();
        }
    }
}
