package io.bourse.node.net;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.types.PublicKey;
import io.bourse.node.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Offers the commitments this node admitted to the peers that order and check blocks — the
 * signers and the generator ({@code wants}); execution servers and observers need none, since a
 * block's certificate covers what it holds. Commitments go in batches on {@link
 * Channels#COMMITMENTS}: the first offer asks the gossip thread for a flush, and whatever is
 * offered before that flush runs joins the same batch. So at low load a commitment leaves at
 * once, alone; under load one frame carries hundreds (one frame header, one peer write, one
 * admission task and one parallel signature check on the other side, instead of one each).
 * Thread-safe: the API's threads and the execution server offer; the gossip thread sends.
 */
public final class CommitmentGossip {
    /** Most commitments in one frame. */
    public static final int MAX_BATCH = 1024;
    /** Most bytes of commitments in one frame (well under the transport's largest frame). */
    public static final int MAX_BATCH_BYTES = 1 << 20;

    private final Supplier<Transport> peers;
    private final Predicate<PublicKey> wants;
    private final Scheduler thread;
    private List<byte[]> pending = new ArrayList<>();
    private boolean flushAsked;

    /**
     * @param peers  the transport (it may be attached after this is made)
     * @param wants  which connected peers receive commitments
     * @param thread the gossip thread; batches are sent there, in offer order
     */
    public CommitmentGossip(Supplier<Transport> peers, Predicate<PublicKey> wants, Scheduler thread) {
        this.peers = peers;
        this.wants = wants;
        this.thread = thread;
    }

    /** Queues one admitted commitment for the peers. */
    public void offer(Commitment c) {
        byte[] bytes = c.toBytes();
        synchronized (this) {
            pending.add(bytes);
            if (flushAsked) {
                return;
            }
            flushAsked = true;
        }
        try {
            thread.execute(this::flush);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                flushAsked = false; // closing: nothing more goes out
            }
        }
    }

    /** Sends what is pending, in frames of at most {@link #MAX_BATCH} commitments. */
    void flush() {
        List<byte[]> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            flushAsked = false;
        }
        Transport net = peers.get();
        if (net == null || batch.isEmpty()) {
            return;
        }
        List<PublicKey> to = net.connectedPeers().stream().filter(wants).toList();
        for (byte[] frame : Channels.commitmentBatches(batch, MAX_BATCH, MAX_BATCH_BYTES)) {
            for (PublicKey p : to) {
                net.send(p, Channels.COMMITMENTS, frame);
            }
        }
    }
}
