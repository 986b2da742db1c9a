package io.bourse.node.chain;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.ledger.Authority;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Rejection;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Commitments waiting for a block. Admission checks format, chain, signature and replay before a
 * commitment takes memory; the pool is bounded in total and per sender, and says "busy" when full.
 * A full pool still takes a commitment that can go into the next block (its sender's next nonce,
 * or the one after its consecutive pending run) in place of one stuck behind a nonce gap, as
 * Ethereum pools prefer "pending" to "queued" transactions: otherwise, under overload, a pool full
 * of commitments waiting for a dropped nonce refuses that very nonce, and blocks go out empty.
 * Selection walks senders in arrival order, taking each sender's consecutive nonces, so one busy
 * sender cannot starve the others. Thread-safe (the API submits, the consensus thread selects).
 */
public final class Mempool {
    public enum Admission { ACCEPTED, DUPLICATE, WRONG_CHAIN, BAD_SIGNATURE, STALE_NONCE, NONCE_TOO_FAR, SENDER_FULL, POOL_FULL,
        /** The sender cannot have the authority this payload needs under the parameters in force ({@link Authority}). */
        UNAUTHORISED }

    /**
     * What admission reads from the committed chain — the sender's next nonce and whether it may
     * send this payload at all — before this pool's lock is taken.
     */
    public interface Committed {
        long nextNonce(Address sender);

        /** Empty when the sender may submit this payload under the parameters for the next block. */
        Optional<Rejection> authority(Commitment c);

        /** Reads both from a state (its parameters included), for tests and tools. */
        static Committed of(StateReader state) {
            NetworkParameters p = LedgerState.parameters(state);
            return new Committed() {
                @Override
                public long nextNonce(Address sender) {
                    return LedgerState.nonce(state, sender);
                }

                @Override
                public Optional<Rejection> authority(Commitment c) {
                    return Authority.check(c, p, state).error();
                }
            };
        }
    }

    private final ChainId chainId;
    private final int maxTotal;
    private final int maxPerSender;
    private final LinkedHashMap<Address, TreeMap<Long, Commitment>> bySender = new LinkedHashMap<>();
    private final Map<Hash, Commitment> byId = new LinkedHashMap<>();
    /**
     * Blocks since each sender's lowest pending nonce was first seen above its next one, the
     * longest stalled first: these senders' commitments make room when the pool is full.
     */
    private final LinkedHashMap<Address, Integer> stalled = new LinkedHashMap<>();
    private long expired;
    private long evicted;

    /** Every held commitment and the block count when it was admitted, oldest first (see {@link #regossipDue}). */
    private final LinkedHashMap<Hash, Long> admittedAt = new LinkedHashMap<>();
    /** Blocks committed since this pool started ({@link #prune} calls). */
    private long blocks;

    /**
     * Ids whose signature this pool found valid lately, so a commitment dropped (full pool,
     * expiry) and offered again is not checked again: at most {@link #VERIFIED_IDS}, the oldest go.
     */
    private final LinkedHashMap<Hash, Boolean> verified = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
            return size() > VERIFIED_IDS;
        }
    };

    /** How many ids {@link #verified} remembers (32-byte hashes: a few MiB). */
    static final int VERIFIED_IDS = 65_536;

    /** Every how many blocks, at least, a waiting commitment is offered to the generator again. */
    public static final int REGOSSIP_BLOCKS = 3;

    /** ... and at least this often in time, so short blocks do not multiply the offers. */
    public static final long REGOSSIP_MILLIS = 3_000;

    /** Blocks a sender's commitments may wait behind a nonce gap before they are dropped. */
    public static final int STALLED_BLOCKS = 30;

    public Mempool(ChainId chainId, int maxTotal, int maxPerSender) {
        this.chainId = chainId;
        this.maxTotal = maxTotal;
        this.maxPerSender = maxPerSender;
    }

    /**
     * Checks and stores; {@code state} gives each sender's next nonce. The cheap checks run first
     * under the pool's lock; the signature is checked outside it (so both cores admit in
     * parallel), then the insert re-checks what may have changed meanwhile.
     */
    public Admission admit(Commitment c, StateReader state) {
        return admitAgainst(c, Committed.of(state));
    }

    /**
     * As {@link #admit(Commitment, StateReader)}, reading the sender's next nonce and authority
     * through {@code chain} (the chain's lock) before this pool's lock is taken: the chain calls
     * into the pool while it holds its own lock, so the pool must never wait for the chain's. A
     * payload its sender has no authority for (a parameters proposal from a key that is no
     * signer…) is refused here, so it can never take a special block's place.
     */
    public Admission admitAgainst(Commitment c, Committed chain) {
        return admit(c, chain, null);
    }

    /**
     * As {@link #admitAgainst}, for a commitment whose signature was checked already ({@code
     * signatureValid}): a batch's signatures are checked across the cores at once, never twice.
     */
    public Admission admitChecked(Commitment c, Committed chain, boolean signatureValid) {
        return admit(c, chain, signatureValid);
    }

    /**
     * Admits many commitments (a client's batch, a peer's gossip): the cheap checks first, so a
     * duplicate, a stale nonce or a full pool costs no signature check; then the signatures of
     * what is left, across the cores at once; then each is admitted in order as {@link
     * #admitChecked} would.
     *
     * @return one admission per commitment, in order
     */
    public List<Admission> admitAll(List<Commitment> cs, Committed chain) {
        Admission[] out = new Admission[cs.size()];
        List<Integer> toVerify = new ArrayList<>();
        // room is counted as the batch goes, so a batch larger than the free room costs no more
        // signature checks than the pool can take; past the free room only commitments that can go
        // into the next block, up to what stalled senders hold
        int free;
        int evictable;
        synchronized (this) {
            free = maxTotal - byId.size();
            evictable = stalledCount();
        }
        Map<Address, Long> runEnd = new java.util.HashMap<>();
        for (int i = 0; i < cs.size(); i++) {
            Commitment c = cs.get(i);
            long next = chain.nextNonce(c.senderAddress());
            Admission cheap = check(c, c.id(), next, false);
            if (cheap != Admission.ACCEPTED) {
                out[i] = cheap;
                continue;
            }
            Long end = runEnd.get(c.senderAddress());
            long expected = end != null ? end : consecutiveEnd(c.senderAddress(), next);
            boolean executable = c.nonce() == expected;
            if (free > 0) {
                free--;
            } else if (executable && evictable > 0) {
                evictable--;
            } else {
                out[i] = Admission.POOL_FULL;
                continue;
            }
            if (executable) {
                runEnd.put(c.senderAddress(), expected + 1);
            }
            if (chain.authority(c).isPresent()) {
                out[i] = Admission.UNAUTHORISED;
            } else {
                toVerify.add(i);
            }
        }
        List<Integer> unknown = new ArrayList<>();
        synchronized (this) {
            for (int i : toVerify) {
                if (!verified.containsKey(cs.get(i).id())) {
                    unknown.add(i);
                }
            }
        }
        boolean[] valid = Ed25519.verifyAll(unknown.stream().map(i -> cs.get(i).signatureCheck()).toList());
        java.util.Set<Integer> bad = new java.util.HashSet<>();
        synchronized (this) {
            for (int k = 0; k < unknown.size(); k++) {
                if (valid[k]) {
                    verified.put(cs.get(unknown.get(k)).id(), Boolean.TRUE);
                } else {
                    bad.add(unknown.get(k));
                }
            }
        }
        for (int i : toVerify) {
            out[i] = admitChecked(cs.get(i), chain, !bad.contains(i));
        }
        return List.of(out);
    }

    /**
     * The commitments held here that have waited a multiple of {@code everyBlocks} blocks ({@link
     * #regossipBlocks}), oldest first (at most {@code max}): gossip is fire-and-forget, and a peer
     * whose queue or pool was full dropped what it was sent; without a second offer the commitment
     * — and every later nonce of its sender — would never reach a block. Every holder offers, not
     * only the node a client gave it to: that node may have dropped it since (seen under overload,
     * with the commitment then waiting in a signer's pool for good while the generator never had
     * it). A commitment whose sender is stalled behind a gap is not offered: the generator could not
     * use it before the missing nonce, which whichever node holds that one offers. Ages advance in
     * {@link #prune}.
     */
    public synchronized List<Commitment> regossipDue(int max, int everyBlocks) {
        List<Commitment> out = new ArrayList<>();
        for (Map.Entry<Hash, Long> e : admittedAt.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            long age = blocks - e.getValue();
            if (age > 0 && age % everyBlocks == 0) {
                Commitment c = byId.get(e.getKey());
                if (!stalled.containsKey(c.senderAddress())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Blocks between two offers of a waiting commitment: {@link #REGOSSIP_BLOCKS}, or {@link #REGOSSIP_MILLIS} in blocks. */
    public static int regossipBlocks(long blockTimeMillis) {
        long inTime = (REGOSSIP_MILLIS + Math.max(1, blockTimeMillis) - 1) / Math.max(1, blockTimeMillis);
        return (int) Math.max(REGOSSIP_BLOCKS, Math.min(inTime, 1_000));
    }

    private Admission admit(Commitment c, Committed chain, Boolean checkedSignature) {
        Hash id = c.id();
        long next = chain.nextNonce(c.senderAddress());
        Admission cheap = check(c, id, next, true);
        if (cheap != Admission.ACCEPTED) {
            return cheap;
        }
        if (chain.authority(c).isPresent()) {
            return Admission.UNAUTHORISED;
        }
        if (checkedSignature != null ? !checkedSignature : !knownValid(c)) {
            return Admission.BAD_SIGNATURE;
        }
        synchronized (this) {
            Admission again = check(c, id, next, true);
            if (again != Admission.ACCEPTED) {
                return again;
            }
            TreeMap<Long, Commitment> held = bySender.get(c.senderAddress());
            if (byId.size() >= maxTotal && (held == null || !held.containsKey(c.nonce()))) {
                remove(victim(c)); // check() found one: c can go into the next block
                evicted++;
            }
            Commitment replaced = bySender.computeIfAbsent(c.senderAddress(), a -> new TreeMap<>()).put(c.nonce(), c);
            if (replaced != null) {
                byId.remove(replaced.id());
                admittedAt.remove(replaced.id());
            }
            byId.put(id, c);
            admittedAt.put(id, blocks);
            return Admission.ACCEPTED;
        }
    }

    /**
     * The checks that need no signature. With {@code capacity}, a full pool refuses unless {@code
     * c} can go into the next block and a stalled sender's commitment can make room for it.
     */
    private synchronized Admission check(Commitment c, Hash id, long next, boolean capacity) {
        if (byId.containsKey(id)) {
            return Admission.DUPLICATE;
        }
        if (!c.chainId().equals(chainId)) {
            return Admission.WRONG_CHAIN;
        }
        if (c.nonce() < next) {
            return Admission.STALE_NONCE;
        }
        if (c.nonce() >= next + maxPerSender) {
            return Admission.NONCE_TOO_FAR;
        }
        TreeMap<Long, Commitment> mine = bySender.get(c.senderAddress());
        if (mine != null && mine.size() >= maxPerSender && !mine.containsKey(c.nonce())) {
            return Admission.SENDER_FULL;
        }
        if (capacity && byId.size() >= maxTotal && (mine == null || !mine.containsKey(c.nonce()))
                && !(c.nonce() == consecutiveEnd(c.senderAddress(), next) && victim(c) != null)) {
            return Admission.POOL_FULL;
        }
        return Admission.ACCEPTED;
    }

    /** Whether {@code c}'s signature is valid, checked at most once while its id is remembered. */
    private boolean knownValid(Commitment c) {
        synchronized (this) {
            if (verified.containsKey(c.id())) {
                return true;
            }
        }
        if (!c.signatureValid()) {
            return false;
        }
        synchronized (this) {
            verified.put(c.id(), Boolean.TRUE);
        }
        return true;
    }

    /** The nonce after the sender's pending run of consecutive nonces from {@code next} ({@code next} if none). */
    private synchronized long consecutiveEnd(Address sender, long next) {
        TreeMap<Long, Commitment> mine = bySender.get(sender);
        if (mine == null || mine.isEmpty() || mine.firstKey() != next) {
            return next;
        }
        long end = next + mine.size();
        if (mine.lastKey() == end - 1) {
            return end; // no gap: the run is the whole map
        }
        long n = next;
        while (mine.containsKey(n)) {
            n++;
        }
        return n;
    }

    /**
     * The commitment a full pool gives up for {@code c}: the highest nonce of the longest-stalled
     * sender — {@code c}'s own sender too, if that nonce is above {@code c}'s (the gap {@code c}
     * fills is worth more than the tail behind it).
     */
    private Commitment victim(Commitment c) {
        for (Address a : stalled.keySet()) {
            TreeMap<Long, Commitment> theirs = bySender.get(a);
            if (theirs != null && !theirs.isEmpty() && (!a.equals(c.senderAddress()) || theirs.lastKey() > c.nonce())) {
                return theirs.lastEntry().getValue();
            }
        }
        return null;
    }

    /** Commitments held for stalled senders (room a full pool can make). */
    private int stalledCount() {
        int n = 0;
        for (Address a : stalled.keySet()) {
            TreeMap<Long, Commitment> theirs = bySender.get(a);
            n += theirs == null ? 0 : theirs.size();
        }
        return n;
    }

    public synchronized boolean contains(Hash id) {
        return byId.containsKey(id);
    }

    /** Whether this pool checked the signature of the commitment with this id and found it valid (held or remembered). */
    public synchronized boolean signatureKnownValid(Hash id) {
        return byId.containsKey(id) || verified.containsKey(id);
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Up to {@code max} commitments in an order that applies: per sender, consecutive nonces from the state's. */
    public synchronized List<Commitment> select(int max, StateReader state) {
        List<Commitment> out = new ArrayList<>();
        for (Map.Entry<Address, TreeMap<Long, Commitment>> e : bySender.entrySet()) {
            long next = LedgerState.nonce(state, e.getKey());
            for (Commitment c : e.getValue().tailMap(next, true).values()) {
                if (c.nonce() != next || out.size() >= max) {
                    break;
                }
                out.add(c);
                next++;
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /** The next nonce to sign after this sender's consecutive pending commitments (its state nonce if none). */
    public synchronized long pendingNonce(Address sender, StateReader state) {
        long next = LedgerState.nonce(state, sender);
        TreeMap<Long, Commitment> mine = bySender.get(sender);
        while (mine != null && mine.containsKey(next)) {
            next++;
        }
        return next;
    }

    /**
     * Drops what the committed state has used up (nonce below the sender's next), and the
     * commitments of a sender stalled for {@link #STALLED_BLOCKS} blocks: its lowest pending nonce
     * is above its next one, so none of them can go into a block until the missing one arrives
     * (Ethereum's "queued" transactions expire the same way). Without this, commitments behind a
     * gap — a client's refused submission, or a sender filling the pool on purpose — would hold
     * the pool full for good. Called once per committed block.
     */
    public synchronized void prune(StateReader state) {
        Iterator<Map.Entry<Address, TreeMap<Long, Commitment>>> it = bySender.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Address, TreeMap<Long, Commitment>> e = it.next();
            long next = LedgerState.nonce(state, e.getKey());
            var stale = e.getValue().headMap(next, false);
            stale.values().forEach(c -> byId.remove(c.id()));
            stale.clear();
            if (!e.getValue().isEmpty() && e.getValue().firstKey() != next) {
                int blocks = stalled.merge(e.getKey(), 1, Integer::sum);
                if (blocks > STALLED_BLOCKS) {
                    e.getValue().values().forEach(c -> byId.remove(c.id()));
                    e.getValue().clear();
                    expired += 1;
                }
            } else {
                stalled.remove(e.getKey());
            }
            if (e.getValue().isEmpty()) {
                stalled.remove(e.getKey());
                it.remove();
            }
        }
        admittedAt.keySet().removeIf(id -> !byId.containsKey(id));
        blocks++;
    }

    /** Senders whose pending commitments expired for a nonce gap, since start (a metric). */
    public synchronized long expiredSenders() {
        return expired;
    }

    /** Commitments a full pool gave up for ones that could go into the next block, since start (a metric). */
    public synchronized long evictedForRoom() {
        return evicted;
    }

    /** Removes one commitment (the generator found it invalid for a block). */
    public synchronized void remove(Commitment c) {
        TreeMap<Long, Commitment> mine = bySender.get(c.senderAddress());
        if (mine != null && mine.remove(c.nonce(), c) && mine.isEmpty()) {
            bySender.remove(c.senderAddress());
            stalled.remove(c.senderAddress());
        }
        byId.remove(c.id());
        admittedAt.remove(c.id());
    }
}
