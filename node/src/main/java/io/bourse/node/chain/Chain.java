package io.bourse.node.chain;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.BlockRules;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.Authority;
import io.bourse.core.ledger.BlockContext;
import io.bourse.core.ledger.BlockExecution;
import io.bourse.core.ledger.BlockResult;
import io.bourse.core.ledger.InvalidBlockException;
import io.bourse.core.ledger.Ledger;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Rejection;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import io.bourse.storage.ChainStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chain: the committed state in memory over the store, and what consensus asks of the
 * application (C3): build a block, validate one by re-executing it, commit a final one. All
 * methods run on the consensus thread; readers on other threads see immutable snapshots
 * ({@link #head()}, {@link #parameters()}) and the state through {@link #readState}.
 */
public final class Chain implements Mempool.Committed {
    private static final Logger LOG = LoggerFactory.getLogger(Chain.class);
    /** The block rules the simulator runs too; Ed25519 with batch verification of certificates. */
    private static final BlockRules RULES = new BlockRules(SignatureVerifier.ED25519);
    static final int MAX_BLOCK_COMMITMENTS = 5_000;

    private final ChainStore store;
    private final KeyPair key;
    private final Mempool mempool;
    private final MerkleState state;
    private volatile Block head;
    private volatile NetworkParameters parameters;      // governs head + 1
    private volatile NetworkParameters headParameters;  // governed head
    private final List<BiConsumer<Block, QuorumCertificate>> listeners = new CopyOnWriteArrayList<>();
    /** Blocks this node executed while validating or proposing, by hash, for the commit that follows. */
    private final java.util.Map<Hash, BlockResult> executed = new java.util.LinkedHashMap<>();

    public Chain(ChainStore store, Genesis genesis, KeyPair key, Mempool mempool) {
        this.store = store;
        this.key = key;
        this.mempool = mempool;
        if (store.lastFinalHeight().isEmpty()) {
            Block g = genesis.block();
            store.commitGenesis(g, genesis.stateChanges());
            LOG.info("Initialised a new chain {} from genesis (block {})", genesis.chainId(), g.hash());
        }
        this.state = store.loadState();
        long h = store.lastFinalHeight().getAsLong();
        this.head = store.block(h).orElseThrow(() -> new IllegalStateException("the store has no block " + h));
        Block g0 = store.block(0).orElse(null); // absent in a store started from a snapshot
        if (!head.header().chainId().equals(genesis.chainId())) {
            throw new IllegalStateException("the data directory holds chain " + head.header().chainId()
                    + ", the genesis file is for " + genesis.chainId());
        }
        if (g0 != null && !g0.hash().equals(genesis.block().hash())) {
            throw new IllegalStateException("the data directory holds another chain (genesis " + g0.hash()
                    + ", the genesis file gives " + genesis.block().hash() + ")");
        }
        store.checkStateRoot(state.root());
        refreshParameters();
        LOG.info("Chain at height {} (block {}), {} state entries", h, head.hash(), state.size());
    }

    private void refreshParameters() {
        parameters = LedgerState.parameters(state);
        headParameters = LedgerState.lastBlockParameters(state);
    }

    public Block head() {
        return head;
    }

    public long height() {
        return head.height();
    }

    public NetworkParameters parameters() {
        return parameters;
    }

    public NetworkParameters headParameters() {
        return headParameters;
    }

    public ChainStore store() {
        return store;
    }

    /** Runs a read against the committed state under the chain's lock. */
    public synchronized <T> T readState(java.util.function.Function<io.bourse.core.state.StateReader, T> read) {
        return read.apply(state);
    }

    /** The sender's next nonce in the committed state. */
    @Override
    public synchronized long nextNonce(io.bourse.core.types.Address sender) {
        return LedgerState.nonce(state, sender);
    }

    /** Whether the sender may submit this payload at all, under the parameters for the next block. */
    @Override
    public synchronized Optional<Rejection> authority(Commitment c) {
        return Authority.check(c, parameters, state).error();
    }

    public void onCommit(BiConsumer<Block, QuorumCertificate> listener) {
        listeners.add(listener);
    }

    /**
     * The next block from the mempool, signed by this node: a SPECIAL block when a special payload
     * (parameters, contract creation, restrict/activate, approval) is next in its sender's
     * sequence — one per block, first come first served — else a NORMAL block of everything that
     * applies, in the mempool's per-sender nonce order.
     */
    public synchronized Block proposeBlock(long timestampMillis, Optional<QuorumCertificate> parentQc) {
        List<Commitment> candidates = mempool.select(MAX_BLOCK_COMMITMENTS, state);
        // special blocks never starve normal ones: after a special block, a normal one comes first
        // whenever normal commitments wait (so a transfer is in one of the next two blocks)
        boolean normalWaiting = candidates.stream().anyMatch(c -> !c.kind().special());
        boolean mayBeSpecial = head.header().kind() != BlockKind.SPECIAL || !normalWaiting;
        for (Commitment c : candidates) {
            if (mayBeSpecial && c.kind().special() && c.nonce() == LedgerState.nonce(state, c.senderAddress())) {
                BlockContext ctx = context(timestampMillis, BlockKind.SPECIAL, parentQc);
                BlockExecution exec = Ledger.begin(state, ctx);
                if (exec.apply(c) instanceof BlockExecution.Outcome.Invalid inv) {
                    LOG.info("Left special commitment {} out: {}", c.id(), inv.reason());
                    mempool.remove(c);
                    break;
                }
                return seal(ctx, exec.finish(), List.of(c));
            }
        }
        BlockContext ctx = context(timestampMillis, BlockKind.NORMAL, parentQc);
        BlockExecution exec = Ledger.begin(state, ctx);
        List<Commitment> included = new ArrayList<>();
        java.util.Set<io.bourse.core.types.Address> waiting = new java.util.HashSet<>();
        for (Commitment c : candidates) {
            if (c.kind().special() || waiting.contains(c.senderAddress())) {
                waiting.add(c.senderAddress()); // the sender's later nonces wait for its special block
                continue;
            }
            if (exec.apply(c) instanceof BlockExecution.Outcome.Invalid inv) {
                LOG.debug("Left {} out of the block: {}", c.id(), inv.reason());
                mempool.remove(c);
                waiting.add(c.senderAddress());
            } else {
                included.add(c);
            }
        }
        return seal(ctx, exec.finish(), included);
    }

    /**
     * C7: the first act of a newly elected generator, a special block holding the current
     * parameters with this node as the generator.
     */
    public synchronized Block proposeGeneratorChange(long timestampMillis, Optional<QuorumCertificate> parentQc) {
        NetworkParameters next = parameters.withGenerator(key.publicKey()).validate();
        Commitment c = Commitment.sign(key, parameters.chainId(), LedgerState.nonce(state, key.address()),
                new Payloads.NetworkParametersUpdate(next.toJson()));
        BlockContext ctx = context(timestampMillis, BlockKind.SPECIAL, parentQc);
        BlockExecution exec = Ledger.begin(state, ctx);
        if (exec.apply(c) instanceof BlockExecution.Outcome.Invalid inv) {
            throw new IllegalStateException("cannot build the generator-change block: " + inv.reason());
        }
        return seal(ctx, exec.finish(), List.of(c));
    }

    private BlockContext context(long timestampMillis, BlockKind kind, Optional<QuorumCertificate> parentQc) {
        long ts = Math.max(timestampMillis, head.header().timestamp().millis() + 1);
        return new BlockContext(parameters.chainId(), head.height() + 1, head.hash(), ts, key.publicKey(), kind, parentQc);
    }

    private Block seal(BlockContext ctx, BlockResult result, List<Commitment> commitments) {
        BlockHeader h = new BlockHeader(ctx.chainId(), BlockHeight.of(ctx.height()), head.hash(),
                Timestamp.ofMillis(ctx.timestampMillis()), key.publicKey(), parameters.hash(),
                Block.certificateHash(ctx.parentCertificate()), Block.commitmentsRoot(commitments), result.stateRoot(),
                ctx.kind());
        Block b = Block.signed(key, h, ctx.parentCertificate(), commitments);
        remember(b.hash(), result);
        return b;
    }

    private void remember(Hash hash, BlockResult r) {
        executed.put(hash, r);
        while (executed.size() > 16) {
            executed.remove(executed.keySet().iterator().next());
        }
    }

    /**
     * Full validation of a block for head + 1 (C3): the shared {@link BlockRules} (structure and
     * generator signature, parent, height, time, governing parameters, the parent's certificate),
     * then every commitment and the state root by re-execution.
     *
     * @return empty when valid, else why not
     */
    public synchronized Optional<Refusal> validate(Block b, long nowMillis) {
        // a commitment the mempool holds or remembers had its signature checked at admission: not again
        return validate(b, nowMillis, c -> mempool.signatureKnownValid(c.id()));
    }

    /**
     * As {@link #validate}, for a block whose quorum certificate was verified: the quorum checked
     * every commitment's signature, so none is checked again here (observers, execution servers and
     * catching-up nodes verify one certificate, not every commitment).
     */
    public synchronized Optional<Refusal> validateCertified(Block b, long nowMillis) {
        return validate(b, nowMillis, c -> true);
    }

    private Optional<Refusal> validate(Block b, long nowMillis, java.util.function.Predicate<Commitment> verified) {
        BlockRules.Head on = new BlockRules.Head(head.height(), head.hash(), head.header().timestamp().millis());
        Optional<Refusal> refused = RULES.checkOnHead(b, on, parameters, headParameters, nowMillis);
        if (refused.isPresent()) {
            return refused;
        }
        BlockResult r = executed.get(b.hash());
        if (r == null) {
            try {
                r = Ledger.execute(state, b, verified);
            } catch (InvalidBlockException e) {
                return Optional.of(Refusal.of(Refusal.Reason.INVALID_COMMITMENT, e.getMessage()));
            }
            if (!r.stateRoot().equals(b.header().stateRoot())) {
                return Optional.of(Refusal.of(Refusal.Reason.STATE_ROOT_MISMATCH, "state root " + b.header().stateRoot()
                        + " but re-execution gives " + r.stateRoot()));
            }
            remember(b.hash(), r);
        }
        return Optional.empty();
    }

    /** Persists a final block with its certificate and applies it (O3: one atomic write). */
    public synchronized void commit(Block b, QuorumCertificate qc) {
        if (b.height() != head.height() + 1) {
            throw new IllegalStateException("commit of height " + b.height() + " on head " + head.height());
        }
        BlockResult r = executed.remove(b.hash());
        if (r == null) {
            try {
                r = Ledger.execute(state, b, c -> true); // certified: the quorum checked the signatures
            } catch (InvalidBlockException e) {
                throw new IllegalStateException("a certified block does not execute: " + e.getMessage(), e);
            }
        }
        store.commit(b, qc, r.receipts(), r.writeSet());
        state.apply(r.writeSet());
        executed.clear();
        NetworkParameters before = parameters;
        refreshParameters();
        head = b; // after the parameters: whoever sees the new head also sees what governs the next block
        mempool.prune(state);
        if (!parameters.equals(before)) {
            LOG.info("New network parameters in force from height {}: generator {}, {} signers, quorum {}",
                    b.height() + 1, parameters.blockGenerator().address(), parameters.blockSigners().size(),
                    parameters.quorum());
        }
        for (var l : listeners) {
            l.accept(b, qc);
        }
    }
}
