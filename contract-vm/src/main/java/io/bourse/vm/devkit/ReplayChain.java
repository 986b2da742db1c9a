package io.bourse.vm.devkit;

import io.bourse.core.block.BlockKind;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.BlockContext;
import io.bourse.core.ledger.BlockExecution;
import io.bourse.core.ledger.BlockResult;
import io.bourse.core.ledger.Ledger;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A private chain for a backtest: the ledger's own code ({@link Ledger#begin}, every rule) on an
 * in-memory state, with fixed keys, blocks at the heights, times and parent hashes the caller
 * gives, and no consensus (one generator, no certificates, so no block rewards). The network's
 * trading parameters are kept; its keys are replaced by this chain's: four signers, one execution
 * server whose vote is the quorum.
 */
final class ReplayChain {
    static final ChainId CHAIN = ChainId.of("backtest");

    final List<KeyPair> signers = List.of(key(1), key(2), key(3), key(4));
    final KeyPair executionServer = key(10);
    final KeyPair coinOperator = key(11);
    final NetworkParameters params;
    final MerkleState state;
    private final TreeMap<Address, Long> nonces = new TreeMap<>();

    static KeyPair key(int i) {
        byte[] seed = new byte[32];
        seed[0] = (byte) i;
        seed[31] = 0x19;
        return KeyPair.fromSeed(seed);
    }

    /**
     * @param network     the recorded network's parameters: its trading rules are kept
     * @param genesisTime the private chain's genesis time
     * @param balances    Coin at genesis
     */
    ReplayChain(NetworkParameters network, long genesisTime, List<Genesis.Allocation> balances) {
        NetworkParameters mine = DefaultParameters.of(CHAIN, network.blockGenerationTimeMillis(),
                signers.stream().map(KeyPair::publicKey).toList(), List.of(executionServer.publicKey()),
                coinOperator.publicKey());
        this.params = new NetworkParameters(CHAIN, network.blockGenerationTimeMillis(), mine.blockGenerator(),
                mine.blockSigners(), mine.blockMinimumSigners(), Amount.ZERO, network.contractMinimumSharePrice(),
                network.contractMaximumShareHoldTimeSeconds(), network.contractMinimumShareHoldTimeSeconds(),
                network.contractMaximumManagerFeePpm(), network.contractMaximumManagerSharePpm(),
                network.contractNetworkOperatorFeePpm(), network.contractNetworkOperatorFeeAddress(),
                network.contractFoundersFeePpm(), network.contractFoundersFeeAddress(),
                network.contractCoinContractOperatorFeePpm(), network.contractCoinContractOperatorFeeAddress(),
                network.networkOperator(), List.of(executionServer.publicKey()), coinOperator.publicKey(),
                network.contractMinimumInvestedRatioPpm(),
                network.contractInvestedRatioGraceSeconds(), network.exchangeFeePpm(), network.roundChangeTimeoutMillis(),
                1, network.contractStatementBudget(), mine.rateSources()).validate();
        this.state = new Genesis(CHAIN, Timestamp.ofMillis(genesisTime), params, balances).state();
    }

    KeyPair signer() {
        return signers.get(0);
    }

    /** A commitment of {@code key} with its next nonce. */
    Commitment sign(KeyPair key, Payload p) {
        long n = nonces.computeIfAbsent(key.address(), a -> LedgerState.nonce(state, a));
        nonces.put(key.address(), n + 1);
        return Commitment.sign(key, CHAIN, n, p);
    }

    /**
     * Executes and commits one block; its receipts, one per commitment. A commitment the ledger
     * finds invalid (never a rule's refusal, which is a rejected receipt) is this class's bug.
     */
    List<Receipt> block(long height, long millis, io.bourse.core.types.Hash parent, BlockKind kind,
                        List<Commitment> cs) {
        BlockExecution exec = Ledger.begin(state, new BlockContext(CHAIN, height, parent, millis,
                signer().publicKey(), kind, Optional.empty()));
        List<Receipt> receipts = new ArrayList<>();
        for (Commitment c : cs) {
            switch (exec.apply(c)) {
                case BlockExecution.Outcome.Included i -> receipts.add(i.receipt());
                case BlockExecution.Outcome.Invalid inv -> throw new IllegalStateException(
                        "the replay built an invalid commitment at height " + height + ": " + inv.reason());
            }
        }
        BlockResult r = exec.finish();
        state.apply(r.writeSet());
        nonces.clear();
        return receipts;
    }
}
