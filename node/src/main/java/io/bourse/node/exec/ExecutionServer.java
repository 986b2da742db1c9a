package io.bourse.node.exec;

import io.bourse.core.block.Block;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.CallOutcome;
import io.bourse.core.commitment.Payloads.ContractResult;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedCodeRewrap;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.ledger.ContractExecutions;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.ContractStatus;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.PendingCreation;
import io.bourse.core.ledger.Result;
import io.bourse.core.ledger.SealedCreations;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractRunner;
import io.bourse.vm.ExecutionInput;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K6: the Contract Execution Server role. After each final block, if this node's key is one of
 * the executionServers, it runs the call of every Active or Closing contract assigned to it
 * ({@link ContractExecutions#assigned}) on the state after that block, and submits the results as
 * one signed CONTRACT_EXECUTION_RESULTS commitment (split when long), into its own mempool and to
 * its peers. The ledger applies a result once enough assigned servers voted the same bytes.
 *
 * <p>K2: after each block it also checks, by itself, the pending creations with sealed code wrapped
 * to it (does its wrap open, does the body authenticate, do the sections fill the public code?) and
 * submits a SEALED_CODE_CHECK for each, so a tampered creation is refused before it becomes a
 * contract nobody can run; and it re-wraps the data keys it holds when the servers change.
 *
 * <p>The calls are read from the state inside the commit (so they see exactly that block) and run
 * on one thread of their own; if blocks come faster than the calls run, the server skips to the
 * newest block rather than fall further behind (a skipped block's votes simply never come, and the
 * ledger lets them lapse).
 */
public final class ExecutionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionServer.class);
    /** Results per commitment, and their encoded size, well inside a commitment's limit. */
    static final int RESULTS_PER_COMMITMENT = Payloads.MAX_RESULTS;
    static final int BYTES_PER_COMMITMENT = 512 * 1024;
    /** A block older than this (or four vote windows) is not run: the server is catching up. */
    static final long CATCHING_UP_MILLIS = 60_000;

    private final Chain chain;
    private final Mempool mempool;
    private final KeyPair key;
    private final ContractRunner runner;
    private final Consumer<Commitment> gossip;
    private final NodeMetrics metrics;
    private final ExecutorService thread;
    private final AtomicReference<Work> next = new AtomicReference<>();

    /**
     * The calls of one block, read in its commit, and what this server owes for sealed code (K2):
     * re-wraps, and its checks of pending creations.
     */
    record Work(long height, Hash blockHash, List<ExecutionInput> inputs, List<SealedCodeRewrap> rewraps,
                List<SealedCodeCheck> checks) {
    }

    /** Blocks after which a re-wrap not yet applied is made and sent again (it may have been dropped). */
    static final long REWRAP_RETRY_BLOCKS = 20;
    /** Per contract, the height of the last re-wrap sent. */
    private final Map<Address, Long> rewrapsSent = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Pending creations checked per block at most: opening is cheap, but the work after a block stays bounded. */
    static final int CHECKS_PER_BLOCK = 8;
    /** Per pending creation, the height of the last check sent (resent after {@link #REWRAP_RETRY_BLOCKS}). */
    private final Map<Hash, Long> checksSent = new ConcurrentHashMap<>();
    /** Contracts with sealed code this server could not open, warned about once. */
    private final Set<Address> unopenable = ConcurrentHashMap.newKeySet();

    public ExecutionServer(Chain chain, Mempool mempool, KeyPair key, ContractRunner runner,
                           Consumer<Commitment> gossip, NodeMetrics metrics, ExecutorService thread) {
        this.chain = chain;
        this.mempool = mempool;
        this.key = key;
        this.runner = runner;
        this.gossip = gossip;
        this.metrics = metrics;
        this.thread = thread;
        metrics.info("bourse.contracts.engine", "The GraalJS version contract results depend on", "version",
                runner.engineVersion());
        if (runner instanceof io.bourse.vm.WorkerPool pool) {
            metrics.gauge("bourse.contracts.worker.restarts", "Contract worker processes replaced (watchdog, memory, crash)",
                    pool::restarts);
        }
        LOG.info("Contract execution server: GraalJS {}", runner.engineVersion());
    }

    /** The commit listener: reads the calls of the block just committed (under the chain's lock). */
    public void committed(Block b) {
        NetworkParameters p = chain.parameters();
        if (!p.executionServers().contains(key.publicKey())) {
            return;
        }
        // catching up from far behind: results for so old a block would most likely be refused as outside
        // the vote window by the time they land (the wall clock decides only what to compute, never a result)
        long age = System.currentTimeMillis() - b.header().timestamp().millis();
        if (age > Math.max(CATCHING_UP_MILLIS, 4L * ContractExecutions.VOTE_WINDOW * p.blockGenerationTimeMillis())) {
            return;
        }
        List<SealedCodeRewrap> rewraps = chain.readState(s -> rewraps(s, p, b.height()));
        List<SealedCodeCheck> checks = chain.readState(s -> checks(s, b.height()));
        List<ExecutionInput> inputs = chain.readState(s -> {
            List<ExecutionInput> out = new ArrayList<>();
            ExecutionInput.Block block = ExecutionInput.forBlock(s, p, b.height(), b.hash(), b.header().timestamp().millis());
            for (ContractRecord c : LedgerState.contracts(s)) {
                if (!ContractExecutions.assigned(p, c.address()).contains(key.publicKey())) {
                    continue;
                }
                for (ContractExecutions.Entry e : ContractExecutions.log(s, c.address(), Math.max(0, b.height() - 64))) {
                    if (e.decidedAt() == b.height()) {
                        metrics.contractExecution(e.decision().label());
                    }
                }
                if (c.status() == ContractStatus.ACTIVE || c.status() == ContractStatus.CLOSING) {
                    Result<String> code = SealedCreations.clearCode(s, c, Optional.of(key));
                    if (code.failed()) {
                        // the reason names the contract and the key, never the code; the server abstains
                        // (it warns once per contract until it can open it again, and counts every block)
                        if (unopenable.add(c.address())) {
                            LOG.warn("Cannot run contract {}: {}", c.address(), code.rejection().message());
                        }
                        metrics.contractCall("abstained", "sealed-code", 0);
                    } else {
                        unopenable.remove(c.address());
                    }
                    block.input(s, c, code).ifPresent(out::add);
                }
            }
            return out;
        });
        if (inputs.isEmpty() && rewraps.isEmpty() && checks.isEmpty()) {
            return;
        }
        Work previous = next.getAndSet(new Work(b.height(), b.hash(), inputs, rewraps, checks));
        if (previous != null) {
            metrics.contractBlocksSkipped();
            LOG.warn("Contract execution is behind: skipping block {} for block {}", previous.height(), b.height());
        }
        try {
            thread.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            // closed, or a run is already queued: it takes the newest work
        }
    }

    private void runNext() {
        Work w = next.getAndSet(null);
        if (w == null) {
            return;
        }
        for (SealedCodeRewrap r : w.rewraps()) {
            submit(r, "re-wrap of the sealed code of " + r.contract());
        }
        for (SealedCodeCheck k : w.checks()) {
            submit(k, "check of the sealed code of creation " + k.creationId()
                    + (k.opens() ? " (it opens)" : " (it does not open: " + k.reason() + ")"));
        }
        if (w.inputs().isEmpty()) {
            return;
        }
        long started = System.nanoTime(); // metrics only
        List<CallResult> answers = runner.runAll(w.inputs().stream().map(ExecutionInput::call).toList());
        List<ContractResult> results = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            ContractResult r = w.inputs().get(i).result(answers.get(i));
            results.add(r);
            metrics.contractCall(r.outcome().name().toLowerCase(Locale.ROOT), reasonCode(r), r.budgetUsed());
        }
        metrics.contractBlock(System.nanoTime() - started);
        results.sort(Comparator.comparing(ContractResult::contract));
        submit(w, results);
    }

    private static String reasonCode(ContractResult r) {
        if (r.outcome() == CallOutcome.COMPLETED) {
            return "none";
        }
        int colon = r.reason().indexOf(':');
        return colon < 0 ? "other" : r.reason().substring(0, colon);
    }

    private void submit(Work w, List<ContractResult> results) {
        List<ContractResult> batch = new ArrayList<>();
        int bytes = 0;
        for (ContractResult r : results) {
            int size = r.toBytes().length;
            if (!batch.isEmpty() && (batch.size() >= RESULTS_PER_COMMITMENT || bytes + size > BYTES_PER_COMMITMENT)) {
                send(w, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(r);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            send(w, batch);
        }
    }

    /**
     * K2: the contracts whose data key this server holds but which are not wrapped to exactly the
     * execution servers in force (the set changed): the data key wrapped anew, at most once per
     * {@link #REWRAP_RETRY_BLOCKS} per contract. Whoever of the holders is first re-wraps; the ledger
     * refuses the others as having nothing left to do.
     */
    private List<SealedCodeRewrap> rewraps(StateReader s, NetworkParameters p, long height) {
        List<SealedCodeRewrap> out = new ArrayList<>();
        List<PublicKey> servers = SealedCreations.sorted(p.executionServers());
        for (ContractRecord c : LedgerState.contracts(s)) {
            Optional<SealedCode> sealed = c.status() == ContractStatus.CLOSED ? Optional.empty()
                    : SealedCreations.sealedCode(s, c.address());
            if (sealed.isEmpty() || sealed.get().recipients().equals(servers)
                    || !sealed.get().recipients().contains(key.publicKey())) {
                continue;
            }
            Long sent = rewrapsSent.get(c.address());
            if (sent != null && height - sent < REWRAP_RETRY_BLOCKS) {
                continue;
            }
            try {
                out.add(new SealedCodeRewrap(c.address(), CodeSealing.rewrap(key, sealed.get(), servers, random).toBytes()));
                rewrapsSent.put(c.address(), height);
            } catch (CodeSealing.SealingException | IllegalArgumentException e) {
                LOG.warn("Cannot re-wrap the sealed code of contract {}: {}", c.address(), e.getMessage());
            }
        }
        return out;
    }

    /**
     * K2: this server's checks of the pending creations wrapped to it that it has not checked yet
     * ({@link SealedCreations#checkOpens}), at most {@link #CHECKS_PER_BLOCK}, each sent again after
     * {@link #REWRAP_RETRY_BLOCKS} if the ledger has not recorded it (it may have been dropped; a
     * check that does not open ends the creation, so it is never pending to resend for).
     */
    List<SealedCodeCheck> checks(StateReader s, long height) {
        List<SealedCodeCheck> out = new ArrayList<>();
        for (PendingCreation pc : SealedCreations.pending(s, height)) {
            if (out.size() >= CHECKS_PER_BLOCK) {
                break;
            }
            Long sent = checksSent.get(pc.creationId());
            if (pc.checkedBy(key.publicKey()) || sent != null && height - sent < REWRAP_RETRY_BLOCKS) {
                continue;
            }
            Optional<SealedCodeCheck> check = SealedCreations.checkOpens(pc, key);
            if (check.isPresent()) {
                out.add(check.get());
                checksSent.put(pc.creationId(), height);
            }
        }
        checksSent.keySet().removeIf(id -> SealedCreations.find(s, id)
                .map(pc -> pc.status() != PendingCreation.Status.PENDING).orElse(true));
        return out;
    }

    private void submit(Payload payload, String what) {
        long nonce = chain.readState(s -> mempool.pendingNonce(key.address(), s));
        Commitment c = Commitment.sign(key, chain.parameters().chainId(), nonce, payload);
        Mempool.Admission a = mempool.admitAgainst(c, chain);
        if (a == Mempool.Admission.ACCEPTED) {
            gossip.accept(c);
            LOG.info("Submitted the {} (nonce {})", what, nonce);
        } else {
            LOG.warn("Own {} was not admitted: {}", what, a);
        }
    }

    private void send(Work w, List<ContractResult> batch) {
        long nonce = chain.readState(s -> mempool.pendingNonce(key.address(), s));
        Commitment c = Commitment.sign(key, chain.parameters().chainId(), nonce,
                new Payloads.ContractExecutionResults(w.height(), w.blockHash(), batch));
        Mempool.Admission a = mempool.admitAgainst(c, chain);
        if (a == Mempool.Admission.ACCEPTED) {
            gossip.accept(c);
            LOG.debug("Submitted {} contract results for block {} (nonce {})", batch.size(), w.height(), nonce);
        } else {
            LOG.warn("Own contract results for block {} were not admitted: {}", w.height(), a);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        runner.close();
    }
}
