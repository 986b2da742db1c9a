package io.bourse.bench;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.BlockContext;
import io.bourse.core.ledger.BlockExecution;
import io.bourse.core.ledger.BlockResult;
import io.bourse.core.ledger.Ledger;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Signature;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A chain for the ledger and storage benchmarks: a genesis with {@code accounts} funded accounts,
 * the first {@code senders} of them held by keys, and blocks of Coin transfers, one per sender, each
 * to an account drawn with a fixed seed. Blocks are built through the real ledger (so write sets,
 * receipts and state roots are real), with the parent's certificate, so block rewards are minted.
 *
 * <p>Commitment signatures are real ({@link Commitment#sign}) only when asked: the ledger and the
 * store never check them (signatures are checked before {@link BlockExecution#apply}), and signing
 * 10,000 transfers per block would make the storage set-up take minutes. A fake signature is 64
 * seeded random bytes, so encodings and ids have the real size and are all distinct.
 */
final class TransferChain {
    static final ChainId CHAIN = Fixtures.CHAIN;
    static final long GENESIS_TIME = 1_764_000_000_000L;
    static final long BLOCK_MILLIS = 1_000;
    static final Amount FUNDING = Amount.ofWhole(1_000);
    static final Amount TRANSFER = Amount.parse("12.5");

    final List<KeyPair> signers = new ArrayList<>();
    final List<KeyPair> senders = new ArrayList<>();
    final Address[] accounts;
    final NetworkParameters params;
    final Genesis genesis;
    /** The state after the last block {@link #next} built. */
    final MerkleState state;
    private final SplittableRandom random;
    private Block last;
    private Optional<QuorumCertificate> lastCertificate = Optional.empty();

    TransferChain(int accounts, int senders, long seed) {
        if (senders > accounts) {
            throw new IllegalArgumentException("more senders than accounts");
        }
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < 4; i++) {
            signers.add(Fixtures.key(1_000_000 + i));
        }
        this.accounts = new Address[accounts];
        for (int i = 0; i < senders; i++) {
            KeyPair k = Fixtures.key(i);
            this.senders.add(k);
            this.accounts[i] = k.address();
        }
        for (int i = senders; i < accounts; i++) {
            this.accounts[i] = Address.derived("bourse-bench-account", ByteBuffer.allocate(4).putInt(i).array());
        }
        this.params = DefaultParameters.of(CHAIN, BLOCK_MILLIS, signers.stream().map(KeyPair::publicKey).toList(),
                List.of(Fixtures.key(2_000_000).publicKey()), Fixtures.key(3_000_000).publicKey());
        List<Genesis.Allocation> funds = new ArrayList<>(accounts);
        for (Address a : this.accounts) {
            funds.add(new Genesis.Allocation(a, FUNDING));
        }
        this.genesis = new Genesis(CHAIN, Timestamp.ofMillis(GENESIS_TIME), params, funds);
        this.state = genesis.state();
        this.last = genesis.block();
    }

    /** One transfer per sender, at {@code nonce}, to a seeded random other account. */
    List<Commitment> transfers(long nonce, boolean sign) {
        List<Commitment> out = new ArrayList<>(senders.size());
        for (int i = 0; i < senders.size(); i++) {
            int to = random.nextInt(accounts.length - 1);
            Payloads.Transfer t = new Payloads.Transfer(accounts[to >= i ? to + 1 : to], TokenId.COIN, TRANSFER);
            KeyPair k = senders.get(i);
            if (sign) {
                out.add(Commitment.sign(k, CHAIN, nonce, t));
            } else {
                byte[] sig = new byte[Signature.LENGTH];
                random.nextBytes(sig);
                out.add(new Commitment(CHAIN, k.publicKey(), nonce, t, new Signature(sig)));
            }
        }
        return out;
    }

    /** The context of the block after the last one {@link #next} built. */
    BlockContext nextContext() {
        long h = last.height() + 1;
        return new BlockContext(CHAIN, h, last.hash(), GENESIS_TIME + h * BLOCK_MILLIS, signers.get(0).publicKey(),
                BlockKind.NORMAL, lastCertificate);
    }

    /**
     * Executes {@code commitments} as the next block, checks every one was applied, builds the
     * block with its real state root and a certificate for it, and advances {@link #state}.
     */
    Built next(List<Commitment> commitments) {
        BlockContext ctx = nextContext();
        BlockExecution exec = Ledger.begin(state, ctx);
        for (Commitment c : commitments) {
            if (!(exec.apply(c) instanceof BlockExecution.Outcome.Included inc) || !inc.receipt().applied()) {
                throw new IllegalStateException("a benchmark transfer was not applied at height " + ctx.height());
            }
        }
        BlockResult result = exec.finish();
        BlockHeader header = new BlockHeader(CHAIN, BlockHeight.of(ctx.height()), last.hash(),
                Timestamp.ofMillis(ctx.timestampMillis()), ctx.generator(), params.hash(),
                Block.certificateHash(lastCertificate), Block.commitmentsRoot(commitments), result.stateRoot(),
                BlockKind.NORMAL);
        Block block = Block.signed(signers.get(0), header, lastCertificate, commitments);
        QuorumCertificate qc = certificate(block);
        state.apply(result.writeSet());
        last = block;
        lastCertificate = Optional.of(qc);
        return new Built(block, qc, result);
    }

    private QuorumCertificate certificate(Block b) {
        List<CommitSeal> seals = new ArrayList<>();
        byte[] msg = QuorumCertificate.signedMessage(BlockHeight.of(b.height()), 0, b.hash());
        for (int i = 0; i < 3; i++) {
            KeyPair k = signers.get(i);
            seals.add(new CommitSeal(k.publicKey(), k.sign(Domain.COMMIT, CHAIN, msg)));
        }
        return new QuorumCertificate(BlockHeight.of(b.height()), 0, b.hash(), seals);
    }

    /** A built block, the certificate that makes it final, and what the ledger made of it. */
    record Built(Block block, QuorumCertificate certificate, BlockResult result) {
    }
}
