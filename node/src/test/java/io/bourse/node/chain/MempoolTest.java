package io.bourse.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.state.MerkleState;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Signature;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission before memory, bounds, fairness and pruning of the generator's queue. // covers: C3, O2 */
class MempoolTest {
    static final ChainId CHAIN = ChainId.of("mempool-test");
    final KeyPair alice = KeyPair.generate();
    final KeyPair bob = KeyPair.generate();
    final KeyPair carol = KeyPair.generate();
    final MerkleState state;

    MempoolTest() {
        var signers = List.of(KeyPair.generate(), KeyPair.generate(), KeyPair.generate(), KeyPair.generate());
        var p = DefaultParameters.of(CHAIN, 1000, signers.stream().map(KeyPair::publicKey).toList(), List.of(),
                KeyPair.generate().publicKey());
        state = new Genesis(CHAIN, Timestamp.ofMillis(1), p, List.of()).state();
    }

    Commitment transfer(KeyPair from, long nonce) {
        return Commitment.sign(from, CHAIN, nonce, new Payloads.Transfer(carol.address(), TokenId.COIN, Amount.ONE));
    }

    @Test
    void admitsOnceAndRefusesDuplicatesWrongChainBadSignatureAndReplays() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Commitment c = transfer(alice, 0);
        assertThat(pool.admit(c, state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(c, state)).isEqualTo(Mempool.Admission.DUPLICATE);
        Commitment otherChain = Commitment.sign(alice, ChainId.of("elsewhere"), 1,
                new Payloads.Transfer(carol.address(), TokenId.COIN, Amount.ONE));
        assertThat(pool.admit(otherChain, state)).isEqualTo(Mempool.Admission.WRONG_CHAIN);
        Commitment forged = new Commitment(CHAIN, alice.publicKey(), 1, transfer(alice, 1).payload(),
                new Signature(new byte[64]));
        assertThat(pool.admit(forged, state)).isEqualTo(Mempool.Admission.BAD_SIGNATURE);
        assertThat(pool.admit(transfer(alice, 10), state)).isEqualTo(Mempool.Admission.NONCE_TOO_FAR);
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void boundsTheWholePoolAndEachSender() {
        Mempool pool = new Mempool(CHAIN, 3, 2);
        assertThat(pool.admit(transfer(alice, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(transfer(alice, 1), state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(transfer(alice, 1), state)).isEqualTo(Mempool.Admission.DUPLICATE);
        assertThat(pool.admit(transfer(bob, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(transfer(carol, 0), state)).isEqualTo(Mempool.Admission.POOL_FULL);
        Mempool perSender = new Mempool(CHAIN, 100, 2);
        perSender.admit(transfer(alice, 0), state);
        perSender.admit(transfer(alice, 1), state);
        // the nonce window (next .. next + maxPerSender) is what bounds one sender
        assertThat(perSender.admit(transfer(alice, 2), state)).isEqualTo(Mempool.Admission.NONCE_TOO_FAR);
        assertThat(perSender.admit(transfer(bob, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
    }

    @Test
    void selectsConsecutiveNoncesPerSenderAndStopsAtAGap() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        pool.admit(transfer(alice, 0), state);
        pool.admit(transfer(alice, 2), state); // gap: nonce 1 missing
        pool.admit(transfer(bob, 0), state);
        pool.admit(transfer(bob, 1), state);
        List<Commitment> picked = pool.select(10, state);
        assertThat(picked).extracting(Commitment::nonce).containsExactly(0L, 0L, 1L);
        assertThat(pool.pendingNonce(alice.address(), state)).isEqualTo(1);
        assertThat(pool.pendingNonce(bob.address(), state)).isEqualTo(2);
        assertThat(pool.select(1, state)).hasSize(1);
    }

    /**
     * A sender whose commitments wait behind a nonce gap cannot hold the pool for good: after
     * STALLED_BLOCKS blocks they are dropped and the pool takes others again; a sender with a
     * consecutive run is never touched, and a gap filled in time resets the count.
     */
    @Test
    void commitmentsBehindANonceGapExpireAfterStalledBlocks() {
        Mempool pool = new Mempool(CHAIN, 3, 10);
        pool.admit(transfer(alice, 1), state); // nonce 0 never arrives
        pool.admit(transfer(alice, 2), state);
        pool.admit(transfer(bob, 1), state); // bob's 0 arrives in time
        assertThat(pool.admit(transfer(carol, 0), state)).isEqualTo(Mempool.Admission.POOL_FULL);
        for (int block = 1; block <= Mempool.STALLED_BLOCKS; block++) {
            pool.prune(state);
            if (block == 5) {
                pool.remove(transfer(bob, 1));
                assertThat(pool.admit(transfer(bob, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
            }
        }
        assertThat(pool.size()).as("not yet: %d blocks", Mempool.STALLED_BLOCKS).isEqualTo(3);
        pool.prune(state);
        assertThat(pool.size()).as("alice's two expired; bob's consecutive one stays").isEqualTo(1);
        assertThat(pool.expiredSenders()).isEqualTo(1);
        assertThat(pool.select(10, state)).extracting(Commitment::senderAddress).containsExactly(bob.address());
        assertThat(pool.admit(transfer(carol, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(transfer(alice, 0), state)).as("the sender may start again").isEqualTo(Mempool.Admission.ACCEPTED);
    }

    /**
     * Under overload a pool full of commitments behind a nonce gap must still take the missing
     * nonce (and any commitment that can go into the next block), giving up a stalled sender's
     * highest nonce for it; a commitment that could not go into the next block is still refused.
     */
    @Test
    void aFullPoolTakesWhatCanGoIntoTheNextBlockInPlaceOfWhatWaitsBehindAGap() {
        Mempool pool = new Mempool(CHAIN, 3, 10);
        pool.admit(transfer(alice, 1), state); // alice's 0 was dropped somewhere
        pool.admit(transfer(alice, 2), state);
        pool.admit(transfer(bob, 0), state);
        pool.prune(state); // a block: alice is now known to be stalled
        assertThat(pool.admit(transfer(carol, 1), state)).as("behind a gap itself").isEqualTo(Mempool.Admission.POOL_FULL);
        assertThat(pool.admit(transfer(carol, 0), state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(transfer(alice, 0), state)).as("the missing nonce, in place of alice's own tail")
                .isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.evictedForRoom()).isEqualTo(2);
        // carol's 0 took alice's 2, alice's 0 took alice's 1: everything left can go into a block
        assertThat(pool.select(10, state)).hasSize(3);
        assertThat(pool.select(10, state)).extracting(Commitment::nonce).containsOnly(0L);
    }

    /** A batch larger than the room left costs no signature check past that room: a forged item there is refused as "full". */
    @Test
    void admitAllChecksNoMoreSignaturesThanThePoolHasRoomFor() {
        Mempool pool = new Mempool(CHAIN, 2, 10);
        Commitment forged = new Commitment(CHAIN, carol.publicKey(), 0, transfer(carol, 0).payload(),
                new Signature(new byte[64]));
        List<Mempool.Admission> out = pool.admitAll(List.of(transfer(alice, 0), transfer(bob, 0), forged),
                Mempool.Committed.of(state));
        assertThat(out).containsExactly(Mempool.Admission.ACCEPTED, Mempool.Admission.ACCEPTED, Mempool.Admission.POOL_FULL);
        assertThat(new Mempool(CHAIN, 3, 10).admitAll(List.of(forged), Mempool.Committed.of(state)))
                .containsExactly(Mempool.Admission.BAD_SIGNATURE);
    }

    /** Dropped and offered again (a full pool, an expiry, re-gossip), a commitment's signature is not checked twice. */
    @Test
    void aSignatureFoundValidIsNotCheckedAgainWhenItsCommitmentComesBack() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Commitment c = transfer(alice, 0);
        Commitment d = transfer(bob, 0);
        long before = io.bourse.core.crypto.Ed25519.verifications();
        assertThat(pool.admit(c, state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(pool.admitAll(List.of(d), Mempool.Committed.of(state))).containsExactly(Mempool.Admission.ACCEPTED);
        assertThat(io.bourse.core.crypto.Ed25519.verifications() - before).isEqualTo(2);
        pool.remove(c);
        pool.remove(d);
        assertThat(pool.admitAll(List.of(c), Mempool.Committed.of(state))).containsExactly(Mempool.Admission.ACCEPTED);
        assertThat(pool.admit(d, state)).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(io.bourse.core.crypto.Ed25519.verifications() - before).as("no second check").isEqualTo(2);
        Commitment forged = new Commitment(CHAIN, carol.publicKey(), 0, transfer(carol, 0).payload(),
                new Signature(new byte[64]));
        assertThat(pool.admit(forged, state)).isEqualTo(Mempool.Admission.BAD_SIGNATURE);
        assertThat(pool.admitAll(List.of(forged), Mempool.Committed.of(state))).as("a bad one is never remembered as good")
                .containsExactly(Mempool.Admission.BAD_SIGNATURE);
    }

    @Test
    void waitingCommitmentsAreOfferedAgainEveryThreeBlocksOrThreeSecondsWhicheverIsLonger() {
        assertThat(Mempool.regossipBlocks(1000)).isEqualTo(3);
        assertThat(Mempool.regossipBlocks(5000)).isEqualTo(3);
        assertThat(Mempool.regossipBlocks(250)).isEqualTo(12);
        assertThat(Mempool.regossipBlocks(0)).isEqualTo(1000);
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Commitment behindAGap = transfer(alice, 1);
        Commitment ready = transfer(bob, 0);
        pool.admit(behindAGap, state);
        pool.admit(ready, state);
        for (int block = 1; block <= 12; block++) {
            pool.prune(state);
            assertThat(pool.regossipDue(100, 12)).as("block %d", block)
                    .containsExactlyElementsOf(block == 12 ? List.of(ready) : List.of());
        }
    }

    @Test
    void admitAllAnswersEachItemAsAdmitWould() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Commitment good = transfer(alice, 0);
        Commitment forged = new Commitment(CHAIN, alice.publicKey(), 1, transfer(alice, 1).payload(),
                new Signature(new byte[64]));
        Commitment otherChain = Commitment.sign(bob, ChainId.of("elsewhere"), 0,
                new Payloads.Transfer(carol.address(), TokenId.COIN, Amount.ONE));
        List<Mempool.Admission> out = pool.admitAll(List.of(good, forged, good, transfer(bob, 0), otherChain,
                transfer(bob, 10)), Mempool.Committed.of(state));
        assertThat(out).containsExactly(Mempool.Admission.ACCEPTED, Mempool.Admission.BAD_SIGNATURE,
                Mempool.Admission.DUPLICATE, Mempool.Admission.ACCEPTED, Mempool.Admission.WRONG_CHAIN,
                Mempool.Admission.NONCE_TOO_FAR);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void waitingCommitmentsAreOfferedAgainEveryFewBlocksWhoeverFirstHadThem() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Commitment mine = transfer(alice, 0);
        Commitment relayed = transfer(bob, 0);
        pool.admit(mine, state);
        pool.admit(relayed, state);
        for (int block = 1; block <= 2 * Mempool.REGOSSIP_BLOCKS; block++) {
            pool.prune(state); // nothing committed: both keep waiting
            List<Commitment> due = pool.regossipDue(100, Mempool.REGOSSIP_BLOCKS);
            if (block % Mempool.REGOSSIP_BLOCKS == 0) {
                assertThat(due).as("block %d", block).containsExactly(mine, relayed);
            } else {
                assertThat(due).as("block %d", block).isEmpty();
            }
        }
        assertThat(pool.regossipDue(0, Mempool.REGOSSIP_BLOCKS)).isEmpty();
        for (int block = 1; block <= Mempool.REGOSSIP_BLOCKS; block++) {
            pool.prune(state);
        }
        assertThat(pool.regossipDue(1, Mempool.REGOSSIP_BLOCKS)).as("at most max, the oldest first").containsExactly(mine);
        pool.remove(mine);
        for (int block = 1; block <= Mempool.REGOSSIP_BLOCKS; block++) {
            pool.prune(state);
        }
        assertThat(pool.regossipDue(100, Mempool.REGOSSIP_BLOCKS)).as("gone from the pool, so not offered").containsExactly(relayed);
    }

    /**
     * The chain calls the pool (prune, select) while it holds its own lock; admission reads the
     * chain's nonce. If admission held the pool's lock while it waited for the chain's, the two
     * would deadlock (seen once in ClientIT). Here the "chain" holds its lock and prunes while an
     * admission is waiting for that lock.
     */
    @Test
    void admissionNeverWaitsForTheChainWhileHoldingThePool() {
        Mempool pool = new Mempool(CHAIN, 100, 10);
        Object chainLock = new Object();
        java.util.concurrent.CountDownLatch admissionWaiting = new java.util.concurrent.CountDownLatch(1);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            Thread admitting;
            synchronized (chainLock) {
                Mempool.Committed slowChain = new Mempool.Committed() {
                    @Override
                    public long nextNonce(io.bourse.core.types.Address sender) {
                        admissionWaiting.countDown();
                        synchronized (chainLock) {
                            return 0L;
                        }
                    }

                    @Override
                    public java.util.Optional<io.bourse.core.ledger.Rejection> authority(Commitment c) {
                        synchronized (chainLock) {
                            return java.util.Optional.empty();
                        }
                    }
                };
                admitting = new Thread(() -> pool.admitAgainst(transfer(alice, 0), slowChain));
                admitting.start();
                admissionWaiting.await();
                pool.prune(state); // the chain, holding its lock, prunes the pool
            }
            admitting.join();
        });
        assertThat(pool.size()).isEqualTo(1);
    }
}
