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

    /**
     * Makes the next block {@code n} heights further than it would be, as if {@code n} empty blocks
     * had passed (the ledger does not check that heights follow; consensus does). For rules counted
     * in blocks (K5's forced liquidation after 10,000) without building them.
     */
    void skipHeights(long n) {
        height += n;
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
        Hash parent = blocks.isEmpty() ? Hash.ZERO : blocks.get(blocks.size() - 1).hash();
        return new BlockHeader(CHAIN, BlockHeight.of(h), parent, Timestamp.ofMillis(time), signers.get(0).publicKey(),
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

    /**
     * One normal block with these commitments; its receipts, except that the harness's execution
     * server's result (from {@link #act}, under a quorum of 1) is answered with what was decided for it: applied, or rejected with
     * the rule's reason and message from the contract's execution log (K6). A vote that was skipped
     * or is still waiting answers {@link RejectReason#STALE_EXECUTION_RESULT} with the receipt's note.
     */
    List<Receipt> normal(Commitment... cs) {
        next(BlockKind.NORMAL, List.of(cs));
        List<Receipt> out = new ArrayList<>();
        for (int i = 0; i < cs.length; i++) {
            Receipt r = lastReceipts.get(i);
            boolean ours = cs[i].sender().equals(executionServer.publicKey()) && params.contractExecutionQuorum() == 1;
            out.add(ours && cs[i].payload() instanceof Payloads.ContractExecutionResults x && r.applied() ? decided(r, x) : r);
        }
        return out;
    }

    private Receipt decided(Receipt vote, Payloads.ContractExecutionResults x) {
        Address contract = x.results().get(0).contract();
        List<ContractExecutions.Entry> log = ContractExecutions.log(state, contract, x.forHeight());
        var entry = log.stream().filter(e -> e.forHeight() == x.forHeight() && e.decidedAt() == height).findFirst();
        if (entry.isEmpty()) {
            return Receipt.rejected(vote.commitmentId(), RejectReason.STALE_EXECUTION_RESULT, vote.message());
        }
        var e = entry.get();
        if (e.decision() == ContractExecutions.Decision.APPLIED) {
            return Receipt.applied(vote.commitmentId(), "applied");
        }
        int colon = e.reason().indexOf(": ");
        return Receipt.rejected(vote.commitmentId(), RejectReason.valueOf(e.reason().substring(0, colon)),
                e.reason().substring(colon + 2));
    }

    Receipt one(Commitment c) {
        return normal(c).get(0);
    }

    /** The execution server's vote, as its receipt says (not what was decided). */
    Receipt vote(Commitment c) {
        next(BlockKind.NORMAL, List.of(c));
        return lastReceipts.get(0);
    }

    /** K2: {@code server}'s check, in a normal block, that the sealed code of creation {@code id} opens for it. */
    Receipt opened(KeyPair server, Hash id) {
        return one(sign(server, io.bourse.core.commitment.SealedCodeCheck.opened(id)));
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

    /** The execution server's result for {@code contract}: these actions, computed on the last block. */
    Commitment act(Address contract, Payload... actions) {
        return sign(executionServer, results(height, result(contract, height, List.of(actions), List.of())));
    }

    /** One contract's completed call computed on block {@code forHeight}, with its real input hash. */
    Payloads.ContractResult result(Address contract, long forHeight, List<Payload> actions,
                                   List<Payloads.StorageWrite> writes) {
        Hash code = LedgerState.contract(state, contract).map(ContractRecord::codeHash).orElse(Hash.ZERO);
        return new Payloads.ContractResult(contract, Payloads.ContractResult.inputHash(forHeight, blockHash(forHeight),
                contract, code), Payloads.CallOutcome.COMPLETED, "", actions, writes, 0);
    }

    Payloads.ContractExecutionResults results(long forHeight, Payloads.ContractResult... rs) {
        return new Payloads.ContractExecutionResults(forHeight, blockHash(forHeight), List.of(rs));
    }

    Hash blockHash(long h) {
        return ContractExecutions.blockHash(state, h).orElse(h == height && h > 0 ? blocks.get(blocks.size() - 1).hash()
                : Hash.ZERO);
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
                p.coinContractOperator(), p.contractMinimumInvestedRatioPpm(),
                p.contractInvestedRatioGraceSeconds(), p.exchangeFeePpm(), p.roundChangeTimeoutMillis(),
                p.contractExecutionQuorum(), p.contractStatementBudget(), p.rateSources());
    }

    static NetworkParameters withMinimumPrice(NetworkParameters p, Amount min) {
        return new NetworkParameters(p.chainId(), p.blockGenerationTimeMillis(), p.blockGenerator(), p.blockSigners(),
                p.blockMinimumSigners(), p.blockProductionReward(), min,
                p.contractMaximumShareHoldTimeSeconds(), p.contractMinimumShareHoldTimeSeconds(),
                p.contractMaximumManagerFeePpm(), p.contractMaximumManagerSharePpm(), p.contractNetworkOperatorFeePpm(),
                p.contractNetworkOperatorFeeAddress(), p.contractFoundersFeePpm(), p.contractFoundersFeeAddress(),
                p.contractCoinContractOperatorFeePpm(), p.contractCoinContractOperatorFeeAddress(), p.networkOperator(),
                p.executionServers(), p.coinContractOperator(),
                p.contractMinimumInvestedRatioPpm(), p.contractInvestedRatioGraceSeconds(), p.exchangeFeePpm(),
                p.roundChangeTimeoutMillis(), p.contractExecutionQuorum(), p.contractStatementBudget(), p.rateSources());
    }
}
