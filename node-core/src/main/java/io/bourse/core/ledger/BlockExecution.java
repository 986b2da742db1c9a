package io.bourse.core.ledger;

import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One block being applied, commitment by commitment: the generator uses it to build a block
 * (skipping what {@link #apply} calls invalid), a signer or follower to re-execute one
 * ({@link Ledger#execute}). No I/O, no clock but the block's timestamp, no randomness.
 *
 * <p>Starting a block does, in order: the parent's reward (C5), the weekly operating fees that fell
 * due by this block's timestamp (M5, {@link Fees}), and the Repurchase of every Closing contract
 * left with only Coin and its own shares (K5, {@link Closing}). Then commitments apply one by one.
 */
public final class BlockExecution {
    /** What {@link #apply} made of a commitment. */
    public sealed interface Outcome {
        record Included(Receipt receipt) implements Outcome {
        }

        /** The commitment cannot be in this block at all; the state is unchanged. */
        record Invalid(String reason) implements Outcome {
        }
    }

    private final BlockContext ctx;
    private final StateOverlay state;
    private final NetworkParameters params;
    private final List<Receipt> receipts = new ArrayList<>();

    BlockExecution(MerkleState base, BlockContext ctx) {
        this.ctx = ctx;
        this.state = new StateOverlay(base);
        this.params = LedgerState.parameters(state);
        payParentReward();
        Fees.chargeDue(state, params, ctx.timestampMillis());
        Closing.run(state, params, ctx.timestampMillis());
        LedgerState.setLastBlockParameters(state, params);
        LedgerState.setLastBlock(state, new LedgerState.LastBlock(ctx.height(), ctx.timestampMillis(), ctx.generator(),
                ctx.kind()));
    }

    public NetworkParameters parameters() {
        return params;
    }

    /**
     * C5: the parent block's reward, minted now because only this block carries the parent's
     * certificate. Split evenly among the parent's generator and the signers whose seals the
     * certificate carries; the indivisible remainder goes to the generator. Nothing for a special
     * or genesis parent.
     */
    private void payParentReward() {
        Optional<LedgerState.LastBlock> parent = LedgerState.lastBlock(state);
        Optional<QuorumCertificate> qc = ctx.parentCertificate();
        if (parent.isEmpty() || parent.get().kind() != BlockKind.NORMAL || qc.isEmpty()) {
            return;
        }
        Amount reward = params.blockProductionReward();
        if (reward.isZero()) {
            return;
        }
        Set<PublicKey> recipients = new LinkedHashSet<>();
        recipients.add(parent.get().generator());
        for (CommitSeal s : qc.get().seals()) {
            recipients.add(s.signer());
        }
        long share = reward.units() / recipients.size();
        long remainder = reward.units() - share * recipients.size();
        for (PublicKey k : recipients) {
            long units = k.equals(parent.get().generator()) ? share + remainder : share;
            credit(k.address(), Amount.ofUnits(units));
        }
        LedgerState.Supply s = LedgerState.supply(state);
        LedgerState.setSupply(state, new LedgerState.Supply(s.minted().plus(reward), s.burned()));
    }

    private void credit(Address to, Amount amount) {
        LedgerState.setBalance(state, to, TokenId.COIN, LedgerState.balance(state, to, TokenId.COIN).plus(amount));
    }

    /**
     * Applies one commitment whose signature the caller has checked. A commitment for another
     * chain, with the wrong nonce, or of the wrong kind for this block is {@link Outcome.Invalid}
     * and changes nothing; anything else is included with a receipt, applied or rejected, and uses
     * its sender's nonce.
     */
    public Outcome apply(Commitment c) {
        if (!c.chainId().equals(ctx.chainId())) {
            return new Outcome.Invalid("commitment for chain " + c.chainId() + " in a block of " + ctx.chainId());
        }
        if (c.kind().special() != (ctx.kind() == BlockKind.SPECIAL)) {
            return new Outcome.Invalid(c.kind() + " cannot be in a " + ctx.kind() + " block");
        }
        Address sender = c.senderAddress();
        long expected = LedgerState.nonce(state, sender);
        if (c.nonce() != expected) {
            return new Outcome.Invalid("nonce " + c.nonce() + " of " + sender + ", expected " + expected);
        }
        StateOverlay tentative = state.child();
        Receipt receipt;
        try {
            receipt = Effects.apply(tentative, params, ctx, c);
        } catch (ArithmeticException e) {
            receipt = Receipt.rejected(c.id(), RejectReason.ARITHMETIC_OVERFLOW, "amount out of range: " + e.getMessage());
        }
        if (receipt.applied()) {
            tentative.mergeInto();
        }
        LedgerState.setNonce(state, sender, expected + 1);
        receipts.add(receipt);
        return new Outcome.Included(receipt);
    }

    public BlockResult finish() {
        return new BlockResult(receipts, state);
    }
}
