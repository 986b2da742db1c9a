package io.bourse.core.ledger;

import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
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
 * due by this block's timestamp (M5, {@link Fees}), the expiry of orders good till the previous
 * height (M2, in placement order), the settlement of option series expiring at this height (M4, in
 * the order they were first written), the sale at market of shares held past the maximum hold
 * time (K9, {@link HoldTimeSales}), then for each Closing contract the forced liquidation once it is
 * due and the Repurchase once it holds only Coin and its own shares (K5, {@link Closing}), and last
 * the invested-ratio checks due at this height (K9, {@link InvestedRatio}). What the ledger does
 * there on its own is logged per contract ({@link LedgerActions}).
 * Then commitments apply one by one; execution servers' results are recorded as votes when they
 * arrive, and {@link #finish()} decides the (contract, block) pairs whose votes changed, in the
 * protocol's order ({@link Execution#priority}), applying those with a quorum ({@link ContractExecutions}).
 */
public final class BlockExecution {
    /**
     * What {@link #apply} made of a commitment, for the block builder: whether it may be in this
     * block at all. This is not a rule's refusal: a commitment a rule refuses ({@link Result}) is
     * still {@link Included}, with a rejected receipt, and uses its nonce; {@link Invalid} (another
     * chain, the wrong nonce, the wrong kind of block) means it has no place in the block, gets no
     * receipt and changes nothing. A block that holds an invalid commitment is itself invalid
     * ({@link Ledger#execute}).
     */
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
    private final Exchange exchange = new Exchange();
    private final List<ContractExecutions.Pending> touched = new ArrayList<>();
    private BlockResult result;

    BlockExecution(MerkleState base, BlockContext ctx) {
        this.ctx = ctx;
        this.state = new StateOverlay(base);
        this.params = LedgerState.parameters(state);
        payParentReward();
        Fees.chargeDue(state, params, ctx.timestampMillis());
        exchange.expire(state, ctx.height());
        Options.expire(state, params, ctx, exchange);
        HoldTimeSales.run(state, params, ctx, exchange);
        Closing.run(state, params, ctx, exchange);
        InvestedRatio.run(state, params, ctx, exchange);
        SealedCreations.expire(state, ctx.height());
        exchange.settle();
        ContractExecutions.recordParent(state, ctx.height(), ctx.parentHash());
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
        if (result != null) {
            throw new IllegalStateException("the block is finished");
        }
        Receipt receipt;
        if (c.payload() instanceof Payloads.ContractExecutionResults r) {
            List<ContractExecutions.Pending> votes = new ArrayList<>();
            receipt = tentatively(c, s -> ContractExecutions.vote(s, params, ctx, c.sender(), r, votes));
            if (receipt.applied()) {
                touched.addAll(votes);
            }
        } else {
            receipt = tentatively(c, s -> Effects.apply(s, params, ctx, c, exchange));
        }
        LedgerState.setNonce(state, sender, expected + 1);
        receipts.add(receipt);
        return new Outcome.Included(receipt);
    }

    /** Applies in a child overlay kept only when the effect's result is ok, and makes the receipt. */
    private Receipt tentatively(Commitment c, java.util.function.Function<StateOverlay, Result<String>> effect) {
        return receipt(c, contained(effect));
    }

    /** {@link #contained(StateOverlay, Exchange, java.util.function.Function)} on this block's state; the exchange settles what it kept. */
    private Result<String> contained(java.util.function.Function<StateOverlay, Result<String>> effect) {
        Result<String> result = contained(state, exchange, effect);
        if (!result.failed()) {
            exchange.settle();
        }
        return result;
    }

    /**
     * Runs {@code effect} in a child overlay of {@code s} kept only when its result is ok; the
     * exchange's cache rolls back with a failed one. The one place that contains the ledger's
     * exceptions: an amount out of range and a broken settlement invariant fail the effect like a
     * rule would ({@link Result}). Commitments and the ledger's own acts ({@link LedgerSales}) go
     * through it.
     */
    static Result<String> contained(StateOverlay s, Exchange exchange,
                                    java.util.function.Function<StateOverlay, Result<String>> effect) {
        StateOverlay tentative = s.child();
        int mark = exchange.mark();
        Result<String> result;
        try {
            result = effect.apply(tentative);
        } catch (SettlementFailure e) {
            result = Result.fail(RejectReason.SETTLEMENT_FAILED, e.getMessage());
        } catch (ArithmeticException e) {
            result = Result.fail(RejectReason.ARITHMETIC_OVERFLOW, "amount out of range: " + e.getMessage());
        }
        if (result.failed()) {
            exchange.rollbackTo(mark);
        } else {
            tentative.mergeInto();
        }
        return result;
    }

    /**
     * The one place a {@link Result} becomes a {@link Receipt}: applied with the result's note, or
     * rejected with the rejection's reason and message.
     */
    private static Receipt receipt(Commitment c, Result<String> result) {
        return result.failed() ? Receipt.rejected(c.id(), result.rejection().reason(), result.rejection().message())
                : Receipt.applied(c.id(), result.value());
    }

    /**
     * Decides the executions whose votes changed in this block, in protocol order, and returns the
     * block's receipts and state. Once only.
     */
    public BlockResult finish() {
        if (result == null) {
            List<ContractExecutions.Pending> order = new ArrayList<>(new LinkedHashSet<>(touched));
            order.sort(java.util.Comparator.comparing(
                    (ContractExecutions.Pending q) -> Execution.priority(ctx.height(), q.contract()))
                    .thenComparingLong(ContractExecutions.Pending::forHeight));
            for (ContractExecutions.Pending q : order) {
                ContractExecutions.decide(state, params, ctx, q, this::act);
            }
            result = new BlockResult(receipts, state);
        }
        return result;
    }

    /** An agreed result's storage writes and actions, kept only if all of them pass. */
    private Result<String> act(ContractRecord rec, long forHeight, Payloads.ContractResult agreed) {
        return contained(s -> {
            Result<Void> written = ContractExecutions.write(s, rec.address(), agreed.writes());
            return written.failed() ? written.propagate()
                    : Execution.act(s, params, ctx, rec, forHeight, agreed.actions(), exchange);
        });
    }
}
