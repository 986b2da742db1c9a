package io.bourse.core.ledger;

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
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A small chain for ledger tests: four signers, one execution server, the Coin Contract Operator
 * and some funded users. Every block is really signed, carries its real state root and the parent's
 * certificate (so rewards are minted), and is re-executed with {@link Ledger#execute} before it is
 * committed. Time moves only when a test says so (plus one second per block).
 */
final class LedgerHarness {
    static final ChainId CHAIN = ChainId.of("ledger-test");
    static final long GENESIS_TIME = 1_700_000_000_000L;
    static final long BLOCK_MILLIS = 1000;

    final List<KeyPair> signers = new ArrayList<>();
    final KeyPair executionServer = key(40);
    final KeyPair coinOperator = key(30);
    final List<KeyPair> users = new ArrayList<>();
    final NetworkParameters params;
    final Genesis genesis;
    final MerkleState state;
    final List<Block> blocks = new ArrayList<>();
    private final TreeMap<Address, Long> nonces = new TreeMap<>();
    long height;
    long time = GENESIS_TIME;
    private BlockKind lastKind = BlockKind.GENESIS;

    static KeyPair key(int i) {
        byte[] seed = new byte[32];
        seed[0] = (byte) i;
        seed[1] = 77;
        return KeyPair.fromSeed(seed);
    }

    LedgerHarness() {
        this(UnaryOperator.identity());
    }

    /** {@code tweak} adjusts the default parameters (it must keep them valid). */
    LedgerHarness(UnaryOperator<NetworkParameters> tweak) {
        for (int i = 0; i < 4; i++) {
            signers.add(key(i + 1));
        }
        for (int i = 0; i < 4; i++) {
            users.add(key(20 + i));
        }
        params = tweak.apply(DefaultParameters.of(CHAIN, BLOCK_MILLIS, signers.stream().map(KeyPair::publicKey).toList(),
                List.of(executionServer.publicKey()), coinOperator.publicKey())).validate();
        genesis = new Genesis(CHAIN, Timestamp.ofMillis(GENESIS_TIME), params,
                users.stream().map(u -> new Genesis.Allocation(u.address(), Amount.ofWhole(1000))).toList());
        state = genesis.state();
    }

    KeyPair user(int i) {
        return users.get(i);
    }

    Commitment sign(KeyPair k, Payload p) {
        long n = nonces.getOrDefault(k.address(), 0L);
        nonces.put(k.address(), n + 1);
        return Commitment.sign(k, CHAIN, n, p);
    }

    void advance(long millis) {
        time += millis;
    }

    /** Builds the next block (real root and signature), re-executes it and commits it. */
    Block next(BlockKind kind, List<Commitment> cs) {
        time += BLOCK_MILLIS;
        long h = height + 1;
        Optional<QuorumCertificate> qc = h == 1 ? Optional.empty() : Optional.of(certificate(h - 1));
        try {
            BlockHeader draft = header(h, kind, qc, cs, Hash.ZERO);
            Hash root = Ledger.execute(state, Block.signed(signers.get(0), draft, qc, cs)).stateRoot();
            Block b = Block.signed(signers.get(0), header(h, kind, qc, cs, root), qc, cs);
            commit(b);
            return b;
        } catch (InvalidBlockException e) {
            throw new AssertionError(e);
        }
    }

    void commit(Block b) throws InvalidBlockException {
        BlockResult r = Ledger.execute(state, b);
        if (!r.stateRoot().equals(b.header().stateRoot())) {
            throw new AssertionError("root differs on re-execution at height " + b.height());
        }
        lastReceipts = r.receipts();
        allReceipts.addAll(r.receipts());
        state.apply(r.writeSet());
        blocks.add(b);
        height = b.height();
        lastKind = b.header().kind();
    }

    List<Receipt> lastReceipts = List.of();
    final List<Receipt> allReceipts = new ArrayList<>();

    private BlockHeader header(long h, BlockKind kind, Optional<QuorumCertificate> qc, List<Commitment> cs, Hash root) {
        return new BlockHeader(CHAIN, BlockHeight.of(h), Hash.ZERO, Timestamp.ofMillis(time), signers.get(0).publicKey(),
                params.hash(), Block.certificateHash(qc), Block.commitmentsRoot(cs), root, kind);
    }

    private QuorumCertificate certificate(long h) {
        List<CommitSeal> seals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            KeyPair k = signers.get(i);
            seals.add(new CommitSeal(k.publicKey(), k.sign(Domain.COMMIT, CHAIN,
                    QuorumCertificate.signedMessage(BlockHeight.of(h), 0, Hash.ZERO))));
        }
        return new QuorumCertificate(BlockHeight.of(h), 0, Hash.ZERO, seals);
    }

    List<Receipt> normal(Commitment... cs) {
        next(BlockKind.NORMAL, List.of(cs));
        return lastReceipts;
    }

    Receipt one(Commitment c) {
        return normal(c).get(0);
    }

    Receipt special(Commitment c) {
        next(BlockKind.SPECIAL, List.of(c));
        return lastReceipts.get(0);
    }

    /** Creates a contract from signer 0; returns its address. */
    Address create(KeyPair manager, Amount shares, Amount price, long managerSharePpm, long managerFeePpm) {
        Commitment c = sign(signers.get(0), creation(manager, shares, price, managerSharePpm, managerFeePpm));
        Receipt r = special(c);
        if (!r.applied()) {
            throw new AssertionError(r.message());
        }
        return Contracts.addressFor(c.id());
    }

    static Payloads.ContractCreation creation(KeyPair manager, Amount shares, Amount price, long sharePpm, long feePpm) {
        return new Payloads.ContractCreation("test fund", manager.publicKey(), "function onBlock(ctx) { return []; }",
                new byte[0], "", shares, price, sharePpm, feePpm, "{\"risk\":\"high\"}");
    }

    /** A New Block Action result for {@code contract}, for the last applied height. */
    Commitment act(Address contract, Payload... actions) {
        return sign(executionServer, new Payloads.ContractExecutionResult(contract, height, Hash.ZERO, List.of(actions),
                Hash.ZERO));
    }

    Amount coin(Address a) {
        return LedgerState.balance(state, a, TokenId.COIN);
    }

    Amount shares(Address holder, Address contract) {
        return LedgerState.balance(state, holder, TokenId.shareOf(contract));
    }

    ContractRecord contract(Address a) {
        return LedgerState.contract(state, a).orElseThrow();
    }

    static Payloads.Transfer pay(Address to, Amount amount) {
        return new Payloads.Transfer(to, TokenId.COIN, amount);
    }

    static Payloads.BuyFromContract buy(Address contract, Amount qty, Amount maxPrice) {
        return new Payloads.BuyFromContract(contract, qty, maxPrice);
    }

    /** The parameters with a field-level change; the record has no withers, so rebuild it. */
    static NetworkParameters withFees(NetworkParameters p, long operatorPpm, List<Address> operator, long coinOpPpm,
                                      List<Address> coinOp, long foundersPpm, List<Address> founders) {
        return new NetworkParameters(p.chainId(), p.blockGenerationTimeMillis(), p.blockGenerator(), p.blockSigners(),
                p.blockMinimumSigners(), p.blockProductionReward(), p.contractMinimumSharePrice(),
                p.contractMaximumShareHoldTimeSeconds(), p.contractMinimumShareHoldTimeSeconds(),
                p.contractMaximumManagerFeePpm(), p.contractMaximumManagerSharePpm(), operatorPpm, operator,
                foundersPpm, founders, coinOpPpm, coinOp, p.networkOperator(), p.executionServers(),
                p.coinContractOperator(), p.acceptedCurrencies(), p.contractMinimumInvestedRatioPpm(),
                p.contractInvestedRatioGraceSeconds(), p.exchangeFeePpm(), p.roundChangeTimeoutMillis());
    }

    static NetworkParameters withMinimumPrice(NetworkParameters p, Amount min) {
        return new NetworkParameters(p.chainId(), p.blockGenerationTimeMillis(), p.blockGenerator(), p.blockSigners(),
                p.blockMinimumSigners(), p.blockProductionReward(), min,
                p.contractMaximumShareHoldTimeSeconds(), p.contractMinimumShareHoldTimeSeconds(),
                p.contractMaximumManagerFeePpm(), p.contractMaximumManagerSharePpm(), p.contractNetworkOperatorFeePpm(),
                p.contractNetworkOperatorFeeAddress(), p.contractFoundersFeePpm(), p.contractFoundersFeeAddress(),
                p.contractCoinContractOperatorFeePpm(), p.contractCoinContractOperatorFeeAddress(), p.networkOperator(),
                p.executionServers(), p.coinContractOperator(), p.acceptedCurrencies(),
                p.contractMinimumInvestedRatioPpm(), p.contractInvestedRatioGraceSeconds(), p.exchangeFeePpm(),
                p.roundChangeTimeoutMillis());
    }
}
