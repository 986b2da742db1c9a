package io.bourse.core.ledger;

import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.Optional;

/** The effect of each payload kind on the state. Each returns the commitment's receipt. */
final class Effects {
    private Effects() {
    }

    static Receipt apply(StateOverlay s, NetworkParameters params, BlockContext ctx, Commitment c, Exchange ex) {
        long now = ctx.timestampMillis();
        Optional<Rejection> denied = Authority.check(c, params, s);
        if (denied.isPresent()) {
            return denied.get().receipt(c.id());
        }
        return switch (c.payload()) {
            case Payloads.PlaceOrder o -> placeOrder(s, params, ctx, c, o, ex);
            case Payloads.CancelOrder o -> {
                Result<Long> r = ex.cancel(s, c.senderAddress(), o.orderId());
                yield r.failed() ? r.rejection().receipt(c.id())
                        : Receipt.applied(c.id(), "order " + o.orderId() + " cancelled, " + Amount.ofUnits(r.value())
                                + " unfilled released");
            }
            case Payloads.OptionWrite w -> {
                Result<io.bourse.core.types.Hash> r = Options.write(s, params, ctx, c.senderAddress(), Optional.empty(), w);
                yield r.failed() ? r.rejection().receipt(c.id())
                        : Receipt.applied(c.id(), "wrote " + w.size() + " of series " + r.value() + ", token "
                                + OptionSeries.token(r.value()));
            }
            case Payloads.OptionExercise e -> receipt(c, Options.exercise(s, params, ctx, c.senderAddress(),
                    Optional.empty(), e));
            case Payloads.Transfer t -> receipt(c, transfer(s, params, c.senderAddress(), t, now, Tokens.Hold.ENFORCE));
            case Payloads.BuyFromContract b -> receipt(c, Contracts.buy(s, params, c.senderAddress(), b, now));
            case Payloads.CoinPurchase p -> coinPurchase(s, params, c, p, now);
            case Payloads.CoinRedemption r -> coinRedemption(s, c, r);
            case Payloads.RateReport r -> Rates.report(s, params, ctx, c, r);
            case Payloads.ContractConfigUpdate u -> Contracts.configure(s, params, c, u);
            case Payloads.ContractClose cl -> Contracts.close(s, ctx, c, cl, ex);
            case Payloads.ContractExecutionResult r -> Execution.apply(s, params, ctx, c, r, ex);
            case Payloads.NetworkParametersUpdate u -> parameters(s, params, ctx, c, u);
            case Payloads.ContractCreation cc -> Contracts.create(s, params, ctx, c, cc);
            case Payloads.ContractStateChange sc -> Contracts.stateChange(s, params, c, sc, ex);
            default -> Receipt.rejected(c.id(), RejectReason.UNSUPPORTED,
                    c.kind() + " is not supported by this version of the ledger yet");
        };
    }

    /** M2, M3: a key holder's order; its id is the commitment's id. */
    private static Receipt placeOrder(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c,
                                      Payloads.PlaceOrder o, Exchange ex) {
        Result<Exchange.Placed> r = ex.place(s, p, ctx, Exchange.Trader.key(c.senderAddress()), c.id(), o);
        return r.failed() ? r.rejection().receipt(c.id()) : Receipt.applied(c.id(), r.value().describe(c.id()));
    }

    private static Receipt receipt(Commitment c, Optional<Rejection> r) {
        return r.map(x -> x.receipt(c.id())).orElseGet(() -> Receipt.applied(c.id()));
    }

    /**
     * N1: Coin or shares from {@code from} to another holder. The Coin Contract holds nothing (N5); a
     * Closed contract holds only its own shares (K5). A contract's disposal of other contracts'
     * shares obeys the minimum hold time (K9).
     */
    static Optional<Rejection> transfer(StateOverlay s, NetworkParameters p, Address from, Payloads.Transfer t,
                                        long now, Tokens.Hold hold) {
        if (t.to().equals(from)) {
            return Optional.of(new Rejection(RejectReason.SELF_TRANSFER, "transfer to the sender itself"));
        }
        if (t.to().equals(TokenId.COIN_CONTRACT)) {
            return Optional.of(new Rejection(RejectReason.COIN_CONTRACT_HOLDS_NOTHING,
                    "the Coin Contract holds no tokens; redeem Coin instead (N5)"));
        }
        if (Tokens.isContract(s, t.to())
                && LedgerState.contract(s, t.to()).orElseThrow().status() == ContractStatus.CLOSED) {
            return Optional.of(new Rejection(RejectReason.CONTRACT_STATE,
                    "contract " + t.to() + " is Closed: it holds only its own shares (K5)"));
        }
        return Tokens.move(s, p, from, t.to(), t.token(), t.amount(), now, hold);
    }

    /**
     * N2, N4: the Coin Contract Operator attests an outside payment; Coin is minted once per payment
     * reference, at a rate near the median of fresh reports ({@link Rates}).
     */
    static Receipt coinPurchase(StateOverlay s, NetworkParameters params, Commitment c, Payloads.CoinPurchase p,
                                long now) {
        if (!params.acceptedCurrencies().contains(p.currency())) {
            return Receipt.rejected(c.id(), RejectReason.CURRENCY_NOT_ACCEPTED,
                    "currency " + p.currency() + " is not accepted (accepted: " + params.acceptedCurrencies() + ")");
        }
        if (s.get(StateKeys.paymentRef(p.paymentRef())).isPresent()) {
            return Receipt.rejected(c.id(), RejectReason.DUPLICATE_PAYMENT_REFERENCE,
                    "payment " + p.paymentRef() + " has minted Coin already");
        }
        Optional<Rejection> rate = Rates.check(s, p.currency(), p.rate(), now);
        if (rate.isPresent()) {
            return rate.get().receipt(c.id());
        }
        Amount minted = Amount.ofUnits(Amount.mulDiv(p.paid().units(), p.rate(), Amount.ONE_UNITS, Amount.Rounding.DOWN));
        s.put(StateKeys.paymentRef(p.paymentRef()), c.id().bytes());
        LedgerState.setBalance(s, p.beneficiary(), TokenId.COIN,
                LedgerState.balance(s, p.beneficiary(), TokenId.COIN).plus(minted));
        LedgerState.Supply supply = LedgerState.supply(s);
        LedgerState.setSupply(s, new LedgerState.Supply(supply.minted().plus(minted), supply.burned()));
        return Receipt.applied(c.id());
    }

    /** N3: Coin sold back to the Coin Contract is burned and the outside payout recorded. */
    static Receipt coinRedemption(StateOverlay s, Commitment c, Payloads.CoinRedemption r) {
        Address from = c.senderAddress();
        Amount have = Tokens.available(s, from, TokenId.COIN);
        if (have.lessThan(r.amount())) {
            return Receipt.rejected(c.id(), RejectReason.INSUFFICIENT_BALANCE,
                    "redemption of " + r.amount() + " coin but the available balance is " + have);
        }
        LedgerState.setBalance(s, from, TokenId.COIN, LedgerState.balance(s, from, TokenId.COIN).minus(r.amount()));
        LedgerState.Supply supply = LedgerState.supply(s);
        LedgerState.setSupply(s, new LedgerState.Supply(supply.minted(), supply.burned().plus(r.amount())));
        Writer w = new Writer();
        from.encode(w);
        r.amount().encode(w);
        w.string(r.currency()).string(r.payoutRef());
        s.put(StateKeys.redemption(c.id()), w.toByteArray());
        return Receipt.applied(c.id());
    }

    /**
     * C6, C7: a new Network Parameters document, proposed by a Block Signer, in force from the next
     * height. It must be valid (C6, C9), canonical, and for this chain.
     */
    static Receipt parameters(StateOverlay s, NetworkParameters current, BlockContext ctx, Commitment c,
                              Payloads.NetworkParametersUpdate u) {
        NetworkParameters next;
        try {
            next = ParametersJson.parse(u.json());
        } catch (InvalidInputException e) {
            return Receipt.rejected(c.id(), RejectReason.INVALID_PARAMETERS, e.getMessage());
        }
        if (!next.toJson().equals(u.json())) {
            return Receipt.rejected(c.id(), RejectReason.INVALID_PARAMETERS, "the document is not in canonical form");
        }
        if (!next.chainId().equals(ctx.chainId())) {
            return Receipt.rejected(c.id(), RejectReason.INVALID_PARAMETERS, "chainId cannot change");
        }
        LedgerState.setParameters(s, next);
        return Receipt.applied(c.id());
    }
}
