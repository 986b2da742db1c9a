package io.bourse.node.api;

import io.bourse.core.block.Block;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.BlockResult;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.ContractValue;
import io.bourse.core.ledger.InvalidBlockException;
import io.bourse.core.ledger.Ledger;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.node.chain.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every contract's {@link ValueHistory}, indexed as blocks commit (O6): after each final block it
 * values every contract once ({@link ContractValue}, the ledger's own rule) and keeps the changes,
 * so a request reads figures instead of recomputing them.
 *
 * <p>The index lives in memory. A node that starts on a chain it already has replays its stored
 * blocks from the genesis on a private copy of the state, on its own thread ({@link #backfill}),
 * while new blocks are queued; until then answers say {@code complete: false}. So every node
 * answers the same figures for the same chain, whenever it started. A node started from a
 * snapshot has no blocks before it: its history starts at the snapshot's height ({@code since}).
 *
 * <p>Cost: one valuation per contract per block, on the committing thread (each valuation reads the
 * contract's holdings and their books' records).
 */
final class ValueIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ValueIndex.class);

    /** One block's values, kept while the replay runs. */
    private record Observed(long height, long timeMillis, Map<Address, long[]> values) {
    }

    private final Chain chain;
    private final Map<Address, ValueHistory> histories = new TreeMap<>();
    private final List<Observed> queued = new ArrayList<>();
    private volatile boolean complete;
    private volatile long since;

    /**
     * Starts indexing at the chain's head; with {@code genesis}, replays the blocks before it on a
     * thread of its own (without, or from a store that starts at a snapshot, the history starts at the head).
     */
    ValueIndex(Chain chain, Optional<Genesis> genesis) {
        this.chain = chain;
        long start = chain.readState(s -> {
            chain.onCommit((b, qc) -> committed(b));
            return chain.height();
        });
        boolean replay = genesis.isPresent() && start > 0 && chain.store().block(0).isPresent();
        if (!replay) {
            since = start;
            chain.readState(s -> {
                record(observe(s, start, chain.head().header().timestamp().millis()));
                return null;
            });
            complete = true;
            return;
        }
        since = 0;
        Thread t = new Thread(() -> backfill(genesis.get(), start), "value-index");
        t.setDaemon(true);
        t.start();
    }

    private void committed(Block b) {
        Observed o = chain.readState(s -> observe(s, b.height(), b.header().timestamp().millis()));
        synchronized (this) {
            if (complete) {
                record(o);
            } else {
                queued.add(o);
            }
        }
    }

    /** The state after each block up to {@code upTo}, replayed from the genesis; then the queued blocks. */
    private void backfill(Genesis genesis, long upTo) {
        long t0 = System.nanoTime();
        MerkleState s = genesis.state();
        List<Observed> past = new ArrayList<>();
        past.add(observe(s, 0, genesis.block().header().timestamp().millis()));
        try {
            for (long h = 1; h <= upTo; h++) {
                Block b = chain.store().block(h).orElseThrow();
                BlockResult r = Ledger.execute(s, b);
                s.apply(r.writeSet());
                past.add(observe(s, h, b.header().timestamp().millis()));
            }
        } catch (InvalidBlockException | RuntimeException e) {
            LOG.error("value index: replay of the stored chain failed; history starts at height {}", upTo, e);
            past.clear();
            since = upTo;
        }
        synchronized (this) {
            past.forEach(this::record);
            queued.forEach(this::record);
            queued.clear();
            complete = true;
        }
        LOG.info("value index: {} blocks replayed in {} ms", upTo, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Every contract's value, outstanding shares, value per share (−1 when none outstanding) and last fee. */
    private static Observed observe(StateReader s, long height, long timeMillis) {
        var p = LedgerState.parameters(s);
        Map<Address, long[]> values = new TreeMap<>();
        for (ContractRecord c : LedgerState.contracts(s)) {
            ContractValue v = ContractValue.of(s, p, c);
            long[] row = {v.value().units(), v.outstanding().units(), v.perShareUnits().orElse(-1), -1, 0, 0};
            LedgerState.lastFee(s, c.address()).ifPresent(f -> {
                row[3] = f.chargedAtMillis();
                row[4] = f.paidCoin().units();
                row[5] = f.paidShares().units();
            });
            values.put(c.address(), row);
        }
        return new Observed(height, timeMillis, values);
    }

    private void record(Observed o) {
        o.values().forEach((a, row) -> {
            ValueHistory h = histories.computeIfAbsent(a, x -> new ValueHistory());
            if (row[2] >= 0 && h.latest().map(p -> p.height() < o.height()).orElse(true)) {
                h.add(o.height(), o.timeMillis(), row[2]);
            }
            if (row[3] >= 0) {
                h.fee(row[3], row[4], row[5]);
            }
        });
    }

    /** Whether the history covers every block from {@link #since()} (false while the replay runs). */
    boolean complete() {
        return complete;
    }

    /** The first height indexed: 0, or the head the node started at when it could not replay. */
    long since() {
        return since;
    }

    /** Reads a contract's history under the index's lock; empty when the contract has none (yet). */
    synchronized <T> Optional<T> read(Address contract, Function<ValueHistory, T> f) {
        ValueHistory h = histories.get(contract);
        return h == null ? Optional.empty() : Optional.of(f.apply(h));
    }
}
