package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest {
    static final ChainId CHAIN = ChainId.of("test-chain");
    final List<KeyPair> signers = new ArrayList<>();
    KeyPair alice;
    KeyPair bob;
    KeyPair coinOperator;
    Genesis genesis;
    MerkleState state;

    static KeyPair key(int i) {
        byte[] seed = new byte[32];
        seed[0] = (byte) i;
        seed[1] = 42;
        return KeyPair.fromSeed(seed);
    }

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 4; i++) {
            signers.add(key(i + 1));
        }
        alice = key(20);
        bob = key(21);
        coinOperator = key(30);
        NetworkParameters p = DefaultParameters.of(CHAIN, 1000, signers.stream().map(KeyPair::publicKey).toList(),
                List.of(), coinOperator.publicKey());
        genesis = new Genesis(CHAIN, Timestamp.ofMillis(1_000_000), p,
                List.of(new Genesis.Allocation(alice.address(), Amount.ofWhole(100))));
        state = genesis.state();
    }

    Block block(long height, BlockKind kind, Optional<QuorumCertificate> qc, List<Commitment> cs) throws Exception {
        // execute once with a placeholder root to learn the real one
        BlockHeader draft = new BlockHeader(CHAIN, BlockHeight.of(height), Hash.ZERO, Timestamp.ofMillis(1_000_000 + height * 1000),
                signers.get(0).publicKey(), Hash.ZERO, Block.certificateHash(qc), Block.commitmentsRoot(cs), Hash.ZERO, kind);
        Block unsigned = Block.signed(signers.get(0), draft, qc, cs);
        BlockResult full = Ledger.execute(state, unsigned);
        BlockHeader h = new BlockHeader(CHAIN, BlockHeight.of(height), Hash.ZERO, draft.timestamp(), draft.generator(),
                Hash.ZERO, draft.parentCertificateHash(), draft.commitmentsRoot(), full.stateRoot(), kind);
        return Block.signed(signers.get(0), h, qc, cs);
    }

    QuorumCertificate qc(long height, int sealers) {
        List<CommitSeal> seals = new ArrayList<>();
        for (int i = 0; i < sealers; i++) {
            KeyPair k = signers.get(i);
            seals.add(new CommitSeal(k.publicKey(), k.sign(Domain.COMMIT, CHAIN,
                    QuorumCertificate.signedMessage(BlockHeight.of(height), 0, Hash.ZERO))));
        }
        return new QuorumCertificate(BlockHeight.of(height), 0, Hash.ZERO, seals);
    }

    Commitment signed(KeyPair k, long nonce, Payload p) {
        return Commitment.sign(k, CHAIN, nonce, p);
    }

    void commit(Block b) throws Exception {
        state.apply(Ledger.execute(state, b).writeSet());
    }

    @Test
    void aForgedSignatureIsRefusedUnlessTheCallerVerifiedItAlready() throws Exception { // covers: C3
        Commitment good = signed(alice, 0, new Payloads.Transfer(bob.address(), TokenId.COIN, Amount.ONE));
        byte[] bytes = good.toBytes();
        bytes[bytes.length - 1] ^= 1; // the signature's last byte
        Commitment forged = Commitment.fromBytes(bytes);
        assertThat(forged.signatureValid()).isFalse();
        BlockHeader h = new BlockHeader(CHAIN, BlockHeight.of(1), Hash.ZERO, Timestamp.ofMillis(1_001_000),
                signers.get(0).publicKey(), Hash.ZERO, Block.certificateHash(Optional.empty()),
                Block.commitmentsRoot(List.of(forged)), Hash.ZERO, BlockKind.NORMAL);
        Block b = Block.signed(signers.get(0), h, Optional.empty(), List.of(forged));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.execute(state, b))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("has a bad signature");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.execute(state, b, c -> !c.equals(forged)))
                .isInstanceOf(InvalidBlockException.class);
        // a node that checked it (admission) or trusts a verified certificate does not check again: same effects
        BlockResult trusted = Ledger.execute(state, b, c -> true);
        assertThat(trusted.receipts()).singleElement().satisfies(r -> assertThat(r.applied()).isTrue());
    }

    @Test
    void transferMovesCoinAndUsesNonce() throws Exception { // covers: N1
        Commitment t = signed(alice, 0, new Payloads.Transfer(bob.address(), TokenId.COIN, Amount.ofWhole(30)));
        BlockResult r = Ledger.execute(state, block(1, BlockKind.NORMAL, Optional.empty(), List.of(t)));
        assertThat(r.receipts()).singleElement().satisfies(rc -> assertThat(rc.applied()).isTrue());
        assertThat(LedgerState.balance(r.state(), alice.address(), TokenId.COIN)).isEqualTo(Amount.ofWhole(70));
        assertThat(LedgerState.balance(r.state(), bob.address(), TokenId.COIN)).isEqualTo(Amount.ofWhole(30));
        assertThat(LedgerState.nonce(r.state(), alice.address())).isEqualTo(1);
    }

    @Test
    void overdraftIsRejectedWithReasonAndStillUsesNonce() throws Exception { // covers: N1
        Commitment t = signed(alice, 0, new Payloads.Transfer(bob.address(), TokenId.COIN, Amount.ofWhole(101)));
        BlockResult r = Ledger.execute(state, block(1, BlockKind.NORMAL, Optional.empty(), List.of(t)));
        Receipt rc = r.receipts().get(0);
        assertThat(rc.applied()).isFalse();
        assertThat(rc.reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(rc.message()).contains("101").contains("100");
        assertThat(LedgerState.balance(r.state(), alice.address(), TokenId.COIN)).isEqualTo(Amount.ofWhole(100));
        assertThat(LedgerState.nonce(r.state(), alice.address())).isEqualTo(1);
    }

    @Test
    void transferToOneselfIsRejectedAsSelfTransferAndStillUsesNonce() throws Exception { // covers: N1
        Commitment t = signed(alice, 0, new Payloads.Transfer(alice.address(), TokenId.COIN, Amount.ofWhole(30)));
        BlockResult r = Ledger.execute(state, block(1, BlockKind.NORMAL, Optional.empty(), List.of(t)));
        Receipt rc = r.receipts().get(0);
        assertThat(rc.applied()).isFalse();
        assertThat(rc.reason()).isEqualTo(RejectReason.SELF_TRANSFER);
        assertThat(rc.reason().code()).as("the receipt's u8 code, docs/encoding.md").isEqualTo(2);
        assertThat(rc.message()).isEqualTo("transfer to the sender itself");
        assertThat(LedgerState.balance(r.state(), alice.address(), TokenId.COIN)).isEqualTo(Amount.ofWhole(100));
        assertThat(LedgerState.nonce(r.state(), alice.address())).isEqualTo(1);
    }

    @Test
    void replayedNonceMakesTheBlockInvalid() throws Exception {
        Commitment t = signed(alice, 0, new Payloads.Transfer(bob.address(), TokenId.COIN, Amount.ONE));
        Block b = block(1, BlockKind.NORMAL, Optional.empty(), List.of(t));
        Block replay = Block.signed(signers.get(0), b.header(), Optional.empty(), List.of(t, t));
        assertThatThrownBy(() -> Ledger.execute(state, replay)).isInstanceOf(InvalidBlockException.class)
                .hasMessageContaining("nonce");
    }

    @Test
    void rewardIsSplitEvenlyWithRemainderToGenerator() throws Exception { // covers: C5
        commit(block(1, BlockKind.NORMAL, Optional.empty(), List.of()));
        // block 2 carries block 1's certificate with 3 seals (generator + 2): 10 coin / 3
        BlockResult r = Ledger.execute(state, block(2, BlockKind.NORMAL, Optional.of(qc(1, 3)), List.of()));
        Amount gen = LedgerState.balance(r.state(), signers.get(0).address(), TokenId.COIN);
        Amount other = LedgerState.balance(r.state(), signers.get(1).address(), TokenId.COIN);
        assertThat(other.units()).isEqualTo(333_333_333L);
        assertThat(gen.units()).isEqualTo(333_333_334L);
        assertThat(LedgerState.supply(r.state()).minted()).isEqualTo(Amount.ofWhole(110));
    }

    @Test
    void stateRootIsTheSameOnReplay() throws Exception {
        Commitment t = signed(alice, 0, new Payloads.Transfer(bob.address(), TokenId.COIN, Amount.ofWhole(5)));
        Block b = block(1, BlockKind.NORMAL, Optional.empty(), List.of(t));
        Hash first = Ledger.execute(state, b).stateRoot();
        Block decoded = Block.fromBytes(b.toBytes());
        assertThat(Ledger.execute(genesis.state(), decoded).stateRoot()).isEqualTo(first).isEqualTo(b.header().stateRoot());
        commit(b);
        assertThat(state.root()).isEqualTo(first);
    }
}
