package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.WireCode;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.CallOutcome;
import io.bourse.core.commitment.Payloads.ContractResult;
import io.bourse.core.commitment.Payloads.StorageWrite;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * K6: how execution servers' results become a contract's acts. No single server key can make a
 * contract do anything: each assigned server votes its result for (contract, block), and a result
 * takes effect only once {@code contractExecutionQuorum} distinct assigned servers voted the very
 * same bytes. Then its storage writes go into the contract's on-chain storage and its actions run
 * under the ledger's rules ({@link Execution}), all or nothing. Every decision — applied, failed,
 * abstained, diverged — is kept in the contract's execution log, with the servers that agreed and
 * those that did not (the evidence of a divergence).
 *
 * <p>Assignment is rendezvous hashing: a contract runs on the
 * {@link NetworkParameters#executionServersPerContract()} servers with the lowest
 * SHA-256("bourse/assign" ‖ contract ‖ server key), so a change of the server list moves only the
 * contracts of the servers that came or went.
 */
public final class ContractExecutions {
    /** How many blocks back a result may be computed on; older votes lapse as abstentions. */
    public static final int VOTE_WINDOW = 16;
    /** Decided executions kept per contract for the API. */
    public static final int LOG_SIZE = 64;
    /** A contract's storage: at most this many keys, and this many UTF-8 bytes of keys and values. */
    public static final int MAX_STORAGE_KEYS = 1024;
    public static final int MAX_STORAGE_BYTES = 64 * 1024;

    private ContractExecutions() {
    }

    /** How a contract's execution for one block was decided; a {@code u8} in the log, never reused. */
    public enum Decision implements WireCode {
        /** A quorum agreed and the ledger applied the writes and actions. */
        APPLIED(1, "applied"),
        /** A quorum agreed on a failed call, or the ledger refused the agreed actions: nothing happened. */
        FAILED(2, "failed"),
        /** Too few assigned servers answered (watchdogs, lost workers, servers down): nothing happened. */
        ABSTAINED(3, "abstained"),
        /** The servers' results differ and none reached the quorum: nothing happened. */
        DIVERGED(4, "diverged");

        private static final Decision[] ALL = values();
        private final int code;
        private final String label;

        Decision(int code, String label) {
            this.code = code;
            this.label = label;
        }

        @Override
        public int code() {
            return code;
        }

        /** The word the API and the metrics use. */
        public String label() {
            return label;
        }

        public static Decision fromCode(int code) {
            return WireCode.fromCode(ALL, code, "execution decision");
        }
    }

    /**
     * What the state says of a contract's executions.
     *
     * @param lastDecided the last block whose execution was decided (−1: none yet)
     * @param applied     how many executions applied (the first one runs {@code onCreate})
     * @param logged      how many decisions the log has had
     * @param pending     blocks with votes waiting for a decision, ascending
     */
    public record Status(long lastDecided, long applied, long logged, List<Long> pending) {
        static final Status NONE = new Status(-1, 0, 0, List.of());

        public Status {
            pending = List.copyOf(pending);
        }

        byte[] toBytes() {
            Writer w = new Writer(32 + 8 * pending.size()).i64(lastDecided).i64(applied).i64(logged);
            w.list(pending, Writer::i64);
            return w.toByteArray();
        }

        static Status decode(byte[] b) {
            return Reader.decodeAll(b, "execution status", r -> new Status(r.i64("lastDecided"), r.u63("applied"),
                    r.u63("logged"), r.list(VOTE_WINDOW + 1, "pending", rr -> rr.i64("height"))));
        }
    }

    /** The longest reason an execution log entry keeps, in characters (longer ones are cut). */
    public static final int MAX_REASON = 1024;

    /** One decided execution, as the API shows it. */
    public record Entry(long forHeight, long decidedAt, Decision decision, String reason, List<Payload> actions,
                        List<StorageWrite> writes, long budgetUsed, List<PublicKey> servers, List<PublicKey> dissent) {
        public Entry {
            reason = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
            actions = List.copyOf(actions);
            writes = List.copyOf(writes);
            servers = List.copyOf(servers);
            dissent = List.copyOf(dissent);
        }
    }

    // ------------------------------------------------------------------ queries

    public static Status status(StateReader s, Address contract) {
        return s.get(StateKeys.execution(contract)).map(Status::decode).orElse(Status.NONE);
    }

    /** The contract's storage, sorted by key. */
    public static SortedMap<String, String> storage(StateReader s, Address contract) {
        SortedMap<String, String> out = new TreeMap<>();
        s.get(StateKeys.storage(contract)).ifPresent(b -> Reader.decodeAll(b, "contract storage", r -> {
            r.list(MAX_STORAGE_KEYS, "entries", rr -> out.put(rr.string(Payloads.MAX_STORAGE_KEY, "key"),
                    rr.string(Payloads.MAX_STORAGE_VALUE, "value")));
            return out;
        }));
        return out;
    }

    /** Decided executions for blocks at or above {@code fromHeight}, oldest first (at most {@link #LOG_SIZE}). */
    public static List<Entry> log(StateReader s, Address contract, long fromHeight) {
        long n = status(s, contract).logged();
        List<Entry> out = new ArrayList<>();
        for (long i = Math.max(0, n - LOG_SIZE); i < n; i++) {
            s.get(StateKeys.executionLog(contract, i)).map(ContractExecutions::decodeEntry)
                    .filter(e -> e.forHeight() >= fromHeight).ifPresent(out::add);
        }
        return out;
    }

    /** The hash of block {@code height}, while it is within {@link #VOTE_WINDOW} of the last block. */
    public static Optional<Hash> blockHash(StateReader s, long height) {
        return s.get(StateKeys.blockHash(height)).map(b -> Reader.decodeAll(b, "block hash", r -> Hash.decode(r, "hash")));
    }

    /** The servers that run a contract under these parameters, in rendezvous order. */
    public static List<PublicKey> assigned(NetworkParameters p, Address contract) {
        List<PublicKey> servers = new ArrayList<>(p.executionServers());
        servers.sort(Comparator.comparing(k -> rank(contract, k)));
        return List.copyOf(servers.subList(0, p.executionServersPerContract()));
    }

    private static Hash rank(Address contract, PublicKey server) {
        return Hash.of("bourse/assign".getBytes(StandardCharsets.US_ASCII), contract.unsafeBytes(), server.unsafeBytes());
    }

    /** The entry point a server calls: onCreate until a first execution applied, onClosing while Closing. */
    public static String entry(StateReader s, ContractRecord c) {
        if (c.status() == ContractStatus.CLOSING) {
            return "onClosing";
        }
        return status(s, c.address()).applied() == 0 ? "onCreate" : "onNewBlock";
    }

    // ------------------------------------------------------------------ block start

    /** Records the parent's hash (results name the block they were computed on) and forgets one too old. */
    static void recordParent(StateOverlay s, long height, Hash parentHash) {
        if (height < 1) {
            return;
        }
        Writer w = new Writer(32);
        parentHash.encode(w);
        s.put(StateKeys.blockHash(height - 1), w.toByteArray());
        if (height - 1 - VOTE_WINDOW >= 0) {
            s.delete(StateKeys.blockHash(height - 1 - VOTE_WINDOW));
        }
    }

    // ------------------------------------------------------------------ votes

    /** A (contract, block) whose votes changed in this block and may now be decided. */
    record Pending(Address contract, long forHeight) {
    }

    /**
     * Records one server's results as votes. The commitment is refused whole when the sender is
     * no execution server, or the block is outside the window or not the block the chain has at
     * that height; a single result that cannot count (another server's contract, a decided block,
     * a wrong input hash, a second vote) is skipped and the receipt says so.
     */
    static Result<String> vote(StateOverlay s, NetworkParameters p, BlockContext ctx, PublicKey sender,
                               Payloads.ContractExecutionResults r, List<Pending> touched) {
        if (!p.executionServers().contains(sender)) {
            return Result.fail(RejectReason.NOT_EXECUTION_SERVER, sender.address()
                    + " is not one of the executionServers");
        }
        long h = r.forHeight();
        if (h >= ctx.height() || h < ctx.height() - VOTE_WINDOW) {
            return Result.fail(RejectReason.STALE_EXECUTION_RESULT, "results for block " + h + " in block "
                    + ctx.height() + ": they must be for one of the " + VOTE_WINDOW + " blocks before it");
        }
        Optional<Hash> known = blockHash(s, h);
        if (known.isEmpty() || !known.get().equals(r.blockHash())) {
            return Result.fail(RejectReason.STALE_EXECUTION_RESULT, "results computed on block " + r.blockHash()
                    + ", but block " + h + " is " + known.map(Hash::toString).orElse("not known"));
        }
        int counted = 0;
        List<String> skipped = new ArrayList<>();
        for (ContractResult x : r.results()) {
            Optional<String> why = voteOne(s, p, ctx, sender, h, r.blockHash(), x);
            if (why.isPresent()) {
                skipped.add(x.contract() + ": " + why.get());
            } else {
                counted++;
                touched.add(new Pending(x.contract(), h));
            }
        }
        String note = counted + " of " + r.results().size() + " results recorded as votes for block " + h;
        return Result.ok(skipped.isEmpty() ? note : note + "; skipped " + String.join("; ",
                skipped.subList(0, Math.min(8, skipped.size()))) + (skipped.size() > 8 ? "; …" : ""));
    }

    private static Optional<String> voteOne(StateOverlay s, NetworkParameters p, BlockContext ctx, PublicKey sender,
                                            long h, Hash blockHash, ContractResult x) {
        Optional<ContractRecord> found = LedgerState.contract(s, x.contract());
        if (found.isEmpty()) {
            return Optional.of("no such contract");
        }
        ContractRecord rec = found.get();
        if (rec.status() != ContractStatus.ACTIVE && rec.status() != ContractStatus.CLOSING) {
            return Optional.of("the contract is " + rec.status() + " and does not run");
        }
        if (!assigned(p, rec.address()).contains(sender)) {
            return Optional.of("not assigned to this server");
        }
        Status st = status(s, rec.address());
        if (h <= st.lastDecided()) {
            return Optional.of("block " + h + " is already decided");
        }
        if (!x.inputHash().equals(ContractResult.inputHash(h, blockHash, rec.address(), rec.codeHash()))) {
            return Optional.of("the input hash does not match the block and the code");
        }
        Votes votes = Votes.load(s, rec.address(), h);
        if (votes.voted(sender)) {
            return Optional.of("this server already voted");
        }
        votes.add(sender, x);
        s.put(StateKeys.votes(rec.address(), h), votes.toBytes());
        if (!st.pending().contains(h)) {
            List<Long> pending = new ArrayList<>(st.pending());
            pending.add(h);
            pending.sort(null);
            st = new Status(st.lastDecided(), st.applied(), st.logged(), pending);
        }
        st = lapse(s, p, ctx, rec.address(), st);
        s.put(StateKeys.execution(rec.address()), st.toBytes());
        return Optional.empty();
    }

    /** Pending blocks older than the window are decided as abstained: their missing votes can no longer come. */
    private static Status lapse(StateOverlay s, NetworkParameters p, BlockContext ctx, Address contract, Status st) {
        List<Long> keep = new ArrayList<>();
        for (long h : st.pending()) {
            if (h >= ctx.height() - VOTE_WINDOW) {
                keep.add(h);
                continue;
            }
            Votes v = Votes.load(s, contract, h);
            st = new Status(Math.max(st.lastDecided(), h), st.applied(), st.logged(), st.pending());
            st = append(s, contract, st, new Entry(h, ctx.height(), Decision.ABSTAINED, "only " + v.size() + " of "
                    + assigned(p, contract).size() + " assigned servers answered within " + VOTE_WINDOW + " blocks",
                    List.of(), List.of(), 0, v.servers(), List.of()));
            s.delete(StateKeys.votes(contract, h));
        }
        return new Status(st.lastDecided(), st.applied(), st.logged(), keep);
    }

    // ------------------------------------------------------------------ decisions

    /**
     * Decides (contract, block) if its votes allow: a result with the quorum applies; when no
     * result can reach the quorum any more (every assigned server voted, or too few are left),
     * the execution is decided as diverged or abstained. Otherwise it waits for more votes.
     * {@code act} applies the agreed actions under the ledger's rules, in a child overlay that is
     * kept only if every action passes.
     */
    static void decide(StateOverlay s, NetworkParameters p, BlockContext ctx, Pending q, Actor act) {
        Address contract = q.contract();
        Status st = status(s, contract);
        if (!st.pending().contains(q.forHeight())) {
            return; // decided already (two votes in one block touch it twice)
        }
        Votes votes = Votes.load(s, contract, q.forHeight());
        Optional<ContractRecord> rec = LedgerState.contract(s, contract);
        List<PublicKey> assigned = assigned(p, contract);
        int quorum = p.contractExecutionQuorum();
        Map<Hash, List<PublicKey>> byResult = votes.byResult();
        Hash best = null;
        for (Map.Entry<Hash, List<PublicKey>> e : byResult.entrySet()) {
            if (best == null || e.getValue().size() > byResult.get(best).size()) {
                best = e.getKey();
            }
        }
        int bestCount = best == null ? 0 : byResult.get(best).size();
        long stillToVote = assigned.stream().filter(k -> !votes.voted(k)).count();
        Entry entry;
        long applied = st.applied();
        if (rec.isEmpty() || rec.get().status() != ContractStatus.ACTIVE && rec.get().status() != ContractStatus.CLOSING) {
            entry = new Entry(q.forHeight(), ctx.height(), Decision.FAILED, "the contract is "
                    + rec.map(r -> r.status().toString()).orElse("gone") + " and may not act (K4)", List.of(), List.of(),
                    0, votes.servers(), List.of());
        } else if (bestCount >= quorum) {
            ContractResult agreed = votes.result(best);
            List<PublicKey> dissent = new ArrayList<>();
            for (Map.Entry<Hash, List<PublicKey>> e : byResult.entrySet()) {
                if (!e.getKey().equals(best)) {
                    dissent.addAll(e.getValue());
                }
            }
            if (agreed.outcome() == CallOutcome.FAILED) {
                entry = new Entry(q.forHeight(), ctx.height(), Decision.FAILED, agreed.reason(), List.of(), List.of(),
                        agreed.budgetUsed(), byResult.get(best), dissent);
            } else {
                Result<String> done = act.apply(rec.get(), q.forHeight(), agreed);
                if (done.failed()) {
                    entry = new Entry(q.forHeight(), ctx.height(), Decision.FAILED, done.rejection().reason().name()
                            + ": " + done.rejection().message(), agreed.actions(), agreed.writes(), agreed.budgetUsed(),
                            byResult.get(best), dissent);
                } else {
                    applied++;
                    entry = new Entry(q.forHeight(), ctx.height(), Decision.APPLIED, "", agreed.actions(),
                            agreed.writes(), agreed.budgetUsed(), byResult.get(best), dissent);
                }
            }
        } else if (bestCount + stillToVote < quorum) {
            boolean diverged = byResult.size() > 1;
            entry = new Entry(q.forHeight(), ctx.height(), diverged ? Decision.DIVERGED : Decision.ABSTAINED,
                    diverged ? byResult.size() + " different results from " + votes.size() + " servers, none with the "
                            + "quorum of " + quorum
                            : votes.abstentions() + " of " + assigned.size() + " assigned servers abstained ("
                            + votes.abstainReasons() + ")", List.of(), List.of(), 0, votes.servers(), List.of());
        } else {
            return; // more votes may come
        }
        // decided: later votes for this block or older ones are stale
        List<Long> pending = new ArrayList<>();
        for (long h : st.pending()) {
            if (h > q.forHeight()) {
                pending.add(h);
            } else {
                s.delete(StateKeys.votes(contract, h));
            }
        }
        st = new Status(Math.max(st.lastDecided(), q.forHeight()), applied, st.logged(), pending);
        st = append(s, contract, st, entry);
        s.put(StateKeys.execution(contract), st.toBytes());
    }

    /** Applies an agreed, completed result; the caller runs it in a child overlay it drops on failure. */
    @FunctionalInterface
    interface Actor {
        Result<String> apply(ContractRecord contract, long forHeight, ContractResult agreed);
    }

    /** Writes into the contract's storage, within the caps. */
    static Result<Void> write(StateOverlay s, Address contract, List<StorageWrite> writes) {
        if (writes.isEmpty()) {
            return Result.ok();
        }
        SortedMap<String, String> store = storage(s, contract);
        for (StorageWrite w : writes) {
            if (w.value().isPresent()) {
                store.put(w.key(), w.value().get());
            } else {
                store.remove(w.key());
            }
        }
        long bytes = 0;
        for (Map.Entry<String, String> e : store.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (store.size() > MAX_STORAGE_KEYS || bytes > MAX_STORAGE_BYTES) {
            return Result.fail(RejectReason.STORAGE_FULL, "the writes would leave " + store.size() + " keys and "
                    + bytes + " bytes in storage; a contract may keep " + MAX_STORAGE_KEYS + " keys and "
                    + MAX_STORAGE_BYTES + " bytes");
        }
        if (store.isEmpty()) {
            s.delete(StateKeys.storage(contract));
            return Result.ok();
        }
        Writer w = new Writer((int) bytes + 16 * store.size());
        w.list(new ArrayList<>(store.entrySet()), (ww, e) -> ww.string(e.getKey()).string(e.getValue()));
        s.put(StateKeys.storage(contract), w.toByteArray());
        return Result.ok();
    }

    private static Status append(StateOverlay s, Address contract, Status st, Entry e) {
        long n = st.logged();
        s.put(StateKeys.executionLog(contract, n), encode(e));
        if (n >= LOG_SIZE) {
            s.delete(StateKeys.executionLog(contract, n - LOG_SIZE));
        }
        return new Status(st.lastDecided(), st.applied(), n + 1, st.pending());
    }

    static byte[] encode(Entry e) {
        Writer w = new Writer(256).i64(e.forHeight()).i64(e.decidedAt()).u8(e.decision().code()).string(e.reason());
        w.list(e.actions(), (ww, a) -> a.encode(ww));
        w.list(e.writes(), (ww, x) -> {
            ww.string(x.key()).bool(x.value().isPresent());
            x.value().ifPresent(ww::string);
        });
        w.i64(e.budgetUsed());
        w.list(e.servers(), (ww, k) -> k.encode(ww));
        w.list(e.dissent(), (ww, k) -> k.encode(ww));
        return w.toByteArray();
    }

    static Entry decodeEntry(byte[] b) {
        return Reader.decodeAll(b, "execution log entry", r -> new Entry(r.i64("forHeight"), r.i64("decidedAt"),
                Decision.fromCode(r.u8("decision")), r.string(MAX_REASON * 4, "reason"),
                r.list(Payloads.MAX_CONTRACT_ACTIONS, "actions", Payloads::decodeAction),
                r.list(Payloads.MAX_WRITES, "writes", rr -> new StorageWrite(rr.string(Payloads.MAX_STORAGE_KEY, "key"),
                        rr.bool("present") ? Optional.of(rr.string(Payloads.MAX_STORAGE_VALUE, "value")) : Optional.empty())),
                r.u63("budgetUsed"), r.list(1024, "servers", rr -> PublicKey.decode(rr, "server")),
                r.list(1024, "dissent", rr -> PublicKey.decode(rr, "server"))));
    }

    /** The votes on one (contract, block): who voted which result, each distinct result once. */
    private static final class Votes {
        private final List<PublicKey> voters = new ArrayList<>();
        private final List<Hash> choices = new ArrayList<>();
        private final Map<Hash, ContractResult> results = new TreeMap<>();

        static Votes load(StateReader s, Address contract, long h) {
            Votes v = new Votes();
            s.get(StateKeys.votes(contract, h)).ifPresent(b -> Reader.decodeAll(b, "votes", r -> {
                r.list(1024, "voters", rr -> {
                    v.voters.add(PublicKey.decode(rr, "server"));
                    v.choices.add(Hash.decode(rr, "result"));
                    return null;
                });
                r.list(1024, "results", rr -> {
                    ContractResult x = ContractResult.decode(rr);
                    v.results.put(x.hash(), x);
                    return null;
                });
                return v;
            }));
            return v;
        }

        boolean voted(PublicKey k) {
            return voters.contains(k);
        }

        int size() {
            return voters.size();
        }

        void add(PublicKey server, ContractResult x) {
            Hash h = x.hash();
            voters.add(server);
            choices.add(h);
            results.putIfAbsent(h, x);
        }

        ContractResult result(Hash h) {
            return results.get(h);
        }

        List<PublicKey> servers() {
            return List.copyOf(voters);
        }

        /** Non-abstaining votes by result, in result-hash order; each list in voting order. */
        Map<Hash, List<PublicKey>> byResult() {
            Map<Hash, List<PublicKey>> out = new TreeMap<>();
            for (int i = 0; i < voters.size(); i++) {
                if (results.get(choices.get(i)).outcome() != CallOutcome.ABSTAINED) {
                    out.computeIfAbsent(choices.get(i), k -> new ArrayList<>()).add(voters.get(i));
                }
            }
            return out;
        }

        long abstentions() {
            return choices.stream().filter(h -> results.get(h).outcome() == CallOutcome.ABSTAINED).count();
        }

        String abstainReasons() {
            return String.join(", ", results.values().stream().filter(x -> x.outcome() == CallOutcome.ABSTAINED)
                    .map(ContractResult::reason).distinct().toList());
        }

        byte[] toBytes() {
            Writer w = new Writer(256);
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < voters.size(); i++) {
                idx.add(i);
            }
            w.list(idx, (ww, i) -> {
                voters.get(i).encode(ww);
                choices.get(i).encode(ww);
            });
            w.list(new ArrayList<>(results.values()), (ww, x) -> x.encode(ww));
            return w.toByteArray();
        }
    }
}
