package io.bourse.core.ledger;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.Optional;

/**
 * The effect of each payload kind on the state. Each returns a {@link Result}: the note of the
 * commitment's applied receipt, or the rule that refused it; {@link BlockExecution} makes the
 * receipt and keeps the state changes only when applied.
 */
final class Effects {
    /** Applied, with nothing more to say: the note {@code applied}. */
    static final Result<String> APPLIED = Result.ok(Receipt.APPLIED);

    private Effects() {
    }

    static Result<String> apply(StateOverlay s, NetworkParameters params, BlockContext ctx, Commitment c, Exchange ex) {
        long now = ctx.timestampMillis();
        Result<Void> denied = Authority.check(c, params, s);
        if (denied.failed()) {
            return denied.propagate();
        }
        return switch (c.payload()) {
            // M2, M3: a key holder's order; its id is the commitment's id
            case Payloads.PlaceOrder o -> ex.place(s, params, ctx, Exchange.Trader.key(c.senderAddress()), c.id(), o)
                    .map(placed -> placed.describe(c.id()));
            case Payloads.CancelOrder o -> ex.cancel(s, c.senderAddress(), o.orderId())
                    .map(left -> "order " + o.orderId() + " cancelled, " + Amount.ofUnits(left) + " unfilled released");
            case Payloads.OptionWrite w -> Options.write(s, params, ctx, c.senderAddress(), Optional.empty(), w)
                    .map(series -> "wrote " + w.size() + " of series " + series + ", token "
                            + OptionSeries.token(series));
            case Payloads.OptionExercise e -> applied(Options.exercise(s, params, ctx, c.senderAddress(),
                    Optional.empty(), e));
            case Payloads.Transfer t -> applied(transfer(s, params, c.senderAddress(), t, now, Tokens.Hold.ENFORCE));
            case Payloads.BuyFromContract b -> applied(Contracts.buy(s, params, c.senderAddress(), b, now));
            case Payloads.CoinPurchase p -> CoinContract.purchase(s, params, c, p, now);
            case Payloads.CoinRedemption r -> CoinContract.redeem(s, params, ctx, c, r);
            case Payloads.CoinConfigUpdate u -> CoinContract.configure(s, u);
            case Payloads.CoinPayout p -> CoinContract.payout(s, ctx, p);
            case Payloads.CoinReserveReport r -> CoinContract.report(s, params, ctx, c, r);
            case Payloads.RateReport r -> Rates.report(s, params, ctx, c.sender(), r);
            case Payloads.ContractConfigUpdate u -> Contracts.configure(s, params, u);
            case Payloads.ContractClose cl -> Contracts.close(s, ctx, cl, ex);
            case Payloads.NetworkParametersUpdate u -> parameters(s, ctx, u);
            case Payloads.ContractCreation cc -> Contracts.create(s, params, ctx, c, cc);
            case Payloads.ContractStateChange sc -> Contracts.stateChange(s, sc, ex);
            case Payloads.EncryptedCodeApproval a -> SealedCreations.vote(s, params, ctx, c, a);
            case io.bourse.core.commitment.SealedCodeRewrap r -> SealedCreations.rewrap(s, params, r);
            case io.bourse.core.commitment.SealedCodeCheck k -> SealedCreations.attest(s, params, ctx, c, k);
            default -> unsupported(c.kind());
        };
    }

    /** A rule check's outcome as an effect's: applied with the plain note. */
    private static Result<String> applied(Result<Void> r) {
        return r.failed() ? r.propagate() : APPLIED;
    }

    /** A kind this version of the ledger does not implement: rejected, so every node agrees. */
    static <T> Result<T> unsupported(PayloadKind kind) {
        return Result.fail(RejectReason.UNSUPPORTED, kind + " is not supported by this version of the ledger yet");
    }

    /**
     * N1: Coin or shares from {@code from} to another holder. The Coin Contract holds nothing (N5); a
     * Closed contract holds only its own shares (K5). A contract's disposal of other contracts'
     * shares obeys the minimum hold time (K9).
     */
    static Result<Void> transfer(StateOverlay s, NetworkParameters p, Address from, Payloads.Transfer t, long now,
                                 Tokens.Hold hold) {
        if (t.to().equals(from)) {
            return Result.fail(RejectReason.SELF_TRANSFER, "transfer to the sender itself");
        }
        if (t.to().equals(TokenId.COIN_CONTRACT)) {
            return Result.fail(RejectReason.COIN_CONTRACT_HOLDS_NOTHING,
                    "the Coin Contract holds no tokens; redeem Coin instead (N5)");
        }
        if (Tokens.isContract(s, t.to())
                && LedgerState.contract(s, t.to()).orElseThrow().status() == ContractStatus.CLOSED) {
            return Result.fail(RejectReason.CONTRACT_STATE,
                    "contract " + t.to() + " is Closed: it holds only its own shares (K5)");
        }
        return Tokens.move(s, p, from, t.to(), t.token(), t.amount(), now, hold);
    }

    /**
     * C6, C7: a new Network Parameters document, proposed by a Block Signer, in force from the next
     * height. It must be valid (C6, C9), canonical, and for this chain.
     */
    static Result<String> parameters(StateOverlay s, BlockContext ctx, Payloads.NetworkParametersUpdate u) {
        NetworkParameters next;
        try {
            next = ParametersJson.parse(u.json());
        } catch (InvalidInputException e) {
            return Result.fail(RejectReason.INVALID_PARAMETERS, e.getMessage()); // the input's fault: a refusal
        }
        if (!next.toJson().equals(u.json())) {
            return Result.fail(RejectReason.INVALID_PARAMETERS, "the document is not in canonical form");
        }
        if (!next.chainId().equals(ctx.chainId())) {
            return Result.fail(RejectReason.INVALID_PARAMETERS, "chainId cannot change");
        }
        LedgerState.setParameters(s, next);
        return APPLIED;
    }
}
