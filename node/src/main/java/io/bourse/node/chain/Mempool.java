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
    /** Blocks since each sender's lowest pending nonce was first seen above its next one. */
    private final Map<Address, Integer> stalled = new java.util.HashMap<>();
    private long expired;

    /** This node's own pending commitments and the blocks each has waited (see {@link #regossipDue}). */
    private final LinkedHashMap<Hash, Integer> localAge = new LinkedHashMap<>();

    /** Every how many blocks a waiting commitment of this node's own is offered to the peers again. */
    public static final int REGOSSIP_BLOCKS = 3;

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
        for (int i = 0; i < cs.size(); i++) {
            Commitment c = cs.get(i);
            Admission cheap = check(c, c.id(), chain.nextNonce(c.senderAddress()));
            if (cheap != Admission.ACCEPTED) {
                out[i] = cheap;
            } else if (chain.authority(c).isPresent()) {
                out[i] = Admission.UNAUTHORISED;
            } else {
                toVerify.add(i);
            }
        }
        boolean[] valid = Ed25519.verifyAll(toVerify.stream().map(i -> cs.get(i).signatureCheck()).toList());
        for (int k = 0; k < toVerify.size(); k++) {
            int i = toVerify.get(k);
            out[i] = admitChecked(cs.get(i), chain, valid[k]);
        }
        return List.of(out);
    }

    /**
     * Marks an admitted commitment as this node's own (a client submitted it here): {@link
     * #regossipDue} offers it to the peers again while it waits, in case a peer lost it.
     */
    public synchronized void markLocal(Hash id) {
        if (byId.containsKey(id)) {
            localAge.putIfAbsent(id, 0);
        }
    }

    /**
     * This node's own commitments that have waited a multiple of {@link #REGOSSIP_BLOCKS} blocks
     * (at most {@code max}): gossip is fire-and-forget, and a peer whose queue or pool was full
     * dropped what it was sent; without a second offer the commitment — and every later nonce of
     * its sender — would never reach a block. Ages advance in {@link #prune}.
     */
    public synchronized List<Commitment> regossipDue(int max) {
        List<Commitment> out = new ArrayList<>();
        for (Map.Entry<Hash, Integer> e : localAge.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (e.getValue() > 0 && e.getValue() % REGOSSIP_BLOCKS == 0) {
                out.add(byId.get(e.getKey()));
            }
        }
        return out;
    }

    private Admission admit(Commitment c, Committed chain, Boolean checkedSignature) {
        Hash id = c.id();
        long next = chain.nextNonce(c.senderAddress());
        Admission cheap = check(c, id, next);
        if (cheap != Admission.ACCEPTED) {
            return cheap;
        }
        if (chain.authority(c).isPresent()) {
            return Admission.UNAUTHORISED;
        }
        if (checkedSignature != null ? !checkedSignature : !c.signatureValid()) {
            return Admission.BAD_SIGNATURE;
        }
        synchronized (this) {
            Admission again = check(c, id, next);
            if (again != Admission.ACCEPTED) {
                return again;
            }
            Commitment replaced = bySender.computeIfAbsent(c.senderAddress(), a -> new TreeMap<>()).put(c.nonce(), c);
            if (replaced != null) {
                byId.remove(replaced.id());
            }
            byId.put(id, c);
            return Admission.ACCEPTED;
        }
    }

    private synchronized Admission check(Commitment c, Hash id, long next) {
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
        if (byId.size() >= maxTotal) {
            return Admission.POOL_FULL;
        }
        return Admission.ACCEPTED;
    }

    public synchronized boolean contains(Hash id) {
        return byId.containsKey(id);
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
        localAge.entrySet().removeIf(e -> !byId.containsKey(e.getKey()));
        localAge.replaceAll((id, age) -> age + 1);
    }

    /** Senders whose pending commitments expired for a nonce gap, since start (a metric). */
    public synchronized long expiredSenders() {
        return expired;
    }

    /** Removes one commitment (the generator found it invalid for a block). */
    public synchronized void remove(Commitment c) {
        TreeMap<Long, Commitment> mine = bySender.get(c.senderAddress());
        if (mine != null && mine.remove(c.nonce(), c) && mine.isEmpty()) {
            bySender.remove(c.senderAddress());
        }
        byId.remove(c.id());
        localAge.remove(c.id());
    }
}
