package io.bourse.storage;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.ledger.RejectReason;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A deterministic chain of real signed blocks for storage tests: transfers between a few keys,
 * receipts for them, write sets that touch a few state keys, and the state root after each block
 * (the header's stateRoot, as the ledger would set it). Not a ledger: the effects are made up.
 */
final class TestChain {
    static final ChainId CHAIN = ChainId.of("storage-test");
    private static final Hash PARAMS = Hash.of(new byte[] {1});

    /** A block, what makes it final, and what it causes. */
    record Step(Block block, QuorumCertificate qc, List<Receipt> receipts, WriteSet changes) {
    }

    private final List<KeyPair> signers = new ArrayList<>();
    private final Random random;
    private final MerkleState state = new MerkleState();
    private Block last;
    private Optional<QuorumCertificate> lastQc = Optional.empty();
    private final WriteSet genesisState;
    private final Block genesis;

    TestChain(long seed) {
        random = new Random(seed);
        for (int i = 0; i < 4; i++) {
            byte[] s = new byte[32];
            s[0] = (byte) (i + 1);
            signers.add(KeyPair.fromSeed(s));
        }
        genesisState = new WriteSet();
        for (int i = 0; i < 4; i++) {
            genesisState.put(key(i), value(1_000_000));
        }
        genesisState.put(Bytes.of(new byte[] {0x7F}), value(seed)); // chains of different seeds differ from genesis on
        state.apply(genesisState);
        genesis = sign(header(0, Hash.ZERO, Hash.ZERO, List.of(), BlockKind.GENESIS), Optional.empty(), List.of());
        last = genesis;
    }

    Block genesis() {
        return genesis;
    }

    WriteSet genesisState() {
        return genesisState;
    }

    MerkleState state() {
        return state;
    }

    /** The next final block with {@code transfers} commitments. */
    Step next(int transfers) {
        List<Commitment> commitments = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            KeyPair from = signers.get(random.nextInt(signers.size()));
            commitments.add(Commitment.sign(from, CHAIN, (last.height() + 1) * 100_000 + i, new Payloads.Transfer(
                    signers.get(random.nextInt(signers.size())).address(), TokenId.COIN, Amount.ofUnits(1 + random.nextInt(1000)))));
        }
        return nextWith(commitments);
    }

    /** The next final block carrying exactly {@code commitments}. */
    Step nextWith(List<Commitment> commitments) {
        long h = last.height() + 1;
        List<Receipt> receipts = new ArrayList<>();
        WriteSet changes = new WriteSet();
        for (int i = 0; i < commitments.size(); i++) {
            Commitment c = commitments.get(i);
            receipts.add(i % 5 == 4 ? Receipt.rejected(c.id(), RejectReason.values()[1], "made up")
                    : Receipt.applied(c.id()));
            changes.put(key(random.nextInt(64)), value(random.nextInt(1_000_000)));
        }
        if (random.nextInt(3) == 0) {
            changes.delete(key(random.nextInt(64)));
        }
        state.apply(changes);
        BlockHeader header = header(h, last.hash(), Block.certificateHash(lastQc), commitments, BlockKind.NORMAL);
        Block block = sign(header, lastQc, commitments);
        QuorumCertificate qc = certify(block);
        last = block;
        lastQc = Optional.of(qc);
        return new Step(block, qc, receipts, changes);
    }

    private BlockHeader header(long h, Hash parent, Hash parentQc, List<Commitment> commitments, BlockKind kind) {
        return new BlockHeader(CHAIN, BlockHeight.of(h), parent, Timestamp.ofMillis(1_700_000_000_000L + h * 1000),
                signers.get((int) (h % signers.size())).publicKey(), PARAMS, parentQc, Block.commitmentsRoot(commitments),
                state.root(), kind);
    }

    private Block sign(BlockHeader header, Optional<QuorumCertificate> parentQc, List<Commitment> commitments) {
        return Block.signed(signers.get((int) (header.height().value() % signers.size())), header, parentQc, commitments);
    }

    private QuorumCertificate certify(Block block) {
        byte[] msg = QuorumCertificate.signedMessage(block.header().height(), 0, block.hash());
        List<CommitSeal> seals = signers.subList(0, 3).stream()
                .map(k -> new CommitSeal(k.publicKey(), k.sign(Domain.COMMIT, CHAIN, msg))).toList();
        return new QuorumCertificate(block.header().height(), 0, block.hash(), seals);
    }

    static Bytes key(int i) {
        return Bytes.of(new byte[] {0x02, (byte) i});
    }

    static byte[] value(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
