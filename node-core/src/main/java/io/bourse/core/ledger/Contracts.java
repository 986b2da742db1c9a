package io.bourse.core.ledger;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The effects of contract creation, direct purchase, state changes and configuration (K1–K8, M1). */
final class Contracts {
    /** The weekly operating fee period (M5), in block-time milliseconds. */
    static final long WEEK_MILLIS = 7L * 24 * 3600 * 1000;

    private Contracts() {
    }

    /** A contract's address: derived from the id of the commitment that created it. */
    static Address addressFor(Hash creationId) {
        return Address.derived("bourse/contract", creationId.bytes());
    }

    /** M1: the direct-sale price in force: the contract's own, but never below contractMinimumSharePrice. */
    static Amount effectivePrice(ContractRecord c, NetworkParameters p) {
        return c.directSalePrice().lessThan(p.contractMinimumSharePrice()) ? p.contractMinimumSharePrice()
                : c.directSalePrice();
    }

    static String ppm(long ppm) {
        return ppm + " ppm (" + java.math.BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString() + "%)";
    }

    /**
     * K1, K3, K8: a special block creates the contract. Any Block Signer may submit it (the block
     * still needs a quorum of signers). The code is stored under its own key, public and never
     * rewritten; all shares belong to the contract except the manager's part. A creation with
     * sealed code (K2) waits for the signers' approval instead ({@link SealedCreations}).
     */
    static Result<String> create(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c,
                                 Payloads.ContractCreation cc) {
        if (cc.encryptedCode().length > 0) {
            return SealedCreations.submit(s, p, ctx, c, cc);
        }
        return install(s, p, ctx, c.id(), cc, Hash.of(cc.code().getBytes(StandardCharsets.UTF_8)));
    }

    /** The rules of K3, K8 and M1 a creation's terms obey, checked before anything is written. */
    static Result<Void> checkTerms(StateReader s, NetworkParameters p, Hash creationId, Payloads.ContractCreation cc) {
        if (cc.managerSharePpm() > p.contractMaximumManagerSharePpm()) {
            return Result.fail(RejectReason.MANAGER_SHARE_TOO_LARGE, "manager share "
                    + ppm(cc.managerSharePpm()) + " exceeds contractMaximumManagerShare "
                    + ppm(p.contractMaximumManagerSharePpm()) + " (K8)");
        }
        if (cc.directSalePrice().lessThan(p.contractMinimumSharePrice())) {
            return priceTooLow(cc.directSalePrice(), p);
        }
        Address at = addressFor(creationId);
        if (Tokens.isContract(s, at) || !LedgerState.holdings(s, at).isEmpty()) {
            return Result.fail(RejectReason.ADDRESS_IN_USE, "address " + at + " is already in use");
        }
        return Result.ok();
    }

    /** Creates the contract of creation {@code creationId} with its public code and {@code codeHash}. */
    static Result<String> install(StateOverlay s, NetworkParameters p, BlockContext ctx, Hash creationId,
                                  Payloads.ContractCreation cc, Hash codeHash) {
        Result<Void> terms = checkTerms(s, p, creationId, cc);
        if (terms.failed()) {
            return terms.propagate();
        }
        Address at = addressFor(creationId);
        long fee = Math.min(cc.managerFeePpm(), p.contractMaximumManagerFeePpm());
        byte[] code = cc.code().getBytes(StandardCharsets.UTF_8);
        long now = ctx.timestampMillis();
        ContractRecord rec = new ContractRecord(at, creationId, codeHash, cc.name(), cc.manager(), cc.shares(),
                cc.directSalePrice(), fee, ContractStatus.ACTIVE, now, Math.addExact(now, WEEK_MILLIS), -1,
                cc.configJson());
        LedgerState.setContract(s, rec);
        s.put(StateKeys.contractCode(at), code);
        Amount managerShares = cc.shares().ppm(cc.managerSharePpm(), Amount.Rounding.DOWN);
        LedgerState.setBalance(s, at, rec.token(), cc.shares().minus(managerShares));
        Tokens.credit(s, cc.manager().address(), rec.token(), managerShares, now);
        Fees.schedule(s, rec);
        InvestedRatio.schedule(s, at, ctx.height());
        String cut = fee < cc.managerFeePpm() ? " (manager fee cut from " + ppm(cc.managerFeePpm())
                + " to contractMaximumManagerFee " + ppm(fee) + ")" : "";
        return Result.ok("contract " + at + " created" + cut);
    }

    private static <T> Result<T> priceTooLow(Amount price, NetworkParameters p) {
        return Result.fail(RejectReason.PRICE_TOO_LOW, "direct-sale price " + price
                + " is below contractMinimumSharePrice " + p.contractMinimumSharePrice() + " per whole share (M1)");
    }

    /** The contract at {@code a}, or UNKNOWN_CONTRACT. */
    static Result<ContractRecord> known(StateReader s, Address a) {
        Optional<ContractRecord> rec = LedgerState.contract(s, a);
        return rec.isEmpty() ? Result.fail(RejectReason.UNKNOWN_CONTRACT, "no contract at " + a) : Result.ok(rec.get());
    }

    /**
     * M1: buy shares from the contract's treasury at its price (never below contractMinimumSharePrice
     * per whole share), any fraction down to one base unit; the cost rounds up; Coin goes to the contract.
     */
    static Result<Void> buy(StateOverlay s, NetworkParameters p, Address buyer, Payloads.BuyFromContract b, long now) {
        Result<ContractRecord> found = known(s, b.contract());
        if (found.failed()) {
            return found.propagate();
        }
        ContractRecord rec = found.value();
        switch (rec.status()) {
            case ACTIVE -> { }
            case RESTRICTED -> {
                return state(rec, "it cannot sell its shares (K4)");
            }
            case CLOSING -> {
                return state(rec, "direct sales have stopped (K5 step 1)");
            }
            case CLOSED -> {
                return state(rec, "it has ceased all activity (K5)");
            }
        }
        if (buyer.equals(rec.address())) {
            return Result.fail(RejectReason.SELF_TRANSFER, "a contract cannot buy its own shares");
        }
        Amount price = effectivePrice(rec, p);
        if (b.maxPricePerShare().lessThan(price)) {
            return Result.fail(RejectReason.PRICE_ABOVE_LIMIT, "direct-sale price " + price
                    + " per share of " + rec.address() + " exceeds maxPricePerShare " + b.maxPricePerShare());
        }
        Amount treasury = LedgerState.balance(s, rec.address(), rec.token());
        if (treasury.lessThan(b.quantity())) {
            return Result.fail(RejectReason.INSUFFICIENT_BALANCE, "contract " + rec.address()
                    + " has only " + treasury + " of its shares left for direct sale, " + b.quantity() + " asked");
        }
        Amount cost = Amount.cost(price, b.quantity(), Amount.Rounding.UP);
        Amount coin = LedgerState.balance(s, buyer, TokenId.COIN);
        if (coin.lessThan(cost)) {
            return Result.fail(RejectReason.INSUFFICIENT_BALANCE, "purchase of " + b.quantity()
                    + " shares at " + price + " costs " + cost + " coin but the balance is " + coin);
        }
        Result<Void> paid = Tokens.move(s, p, buyer, rec.address(), TokenId.COIN, cost, now, Tokens.Hold.IGNORE);
        return paid.failed() ? paid
                : Tokens.move(s, p, rec.address(), buyer, rec.token(), b.quantity(), now, Tokens.Hold.IGNORE);
    }

    private static Result<Void> state(ContractRecord rec, String why) {
        return Result.fail(RejectReason.CONTRACT_STATE,
                "contract " + rec.address() + " is " + rec.status() + ": " + why);
    }

    /** K4: a special block restricts an Active contract or re-activates a Restricted one, nothing else. */
    static Result<String> stateChange(StateOverlay s, Payloads.ContractStateChange sc, Exchange ex) {
        Result<ContractRecord> found = known(s, sc.contract());
        if (found.failed()) {
            return found.propagate();
        }
        ContractRecord rec = found.value();
        ContractStatus from = sc.restrict() ? ContractStatus.ACTIVE : ContractStatus.RESTRICTED;
        ContractStatus to = sc.restrict() ? ContractStatus.RESTRICTED : ContractStatus.ACTIVE;
        if (rec.status() != from) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + rec.address() + " is "
                    + rec.status() + "; a special block moves a contract only Active ⇄ Restricted (K4)");
        }
        LedgerState.setContract(s, rec.withStatus(to, rec.closingSinceHeight()));
        if (sc.restrict()) {
            ex.cancelAllOf(s, rec.address()); // a Restricted contract cannot trade, not even as a maker (K4)
        }
        return Effects.APPLIED;
    }

    /** K4, K5, K7: the manager moves an Active or Restricted contract to Closing; there is no way back. */
    static Result<String> close(StateOverlay s, BlockContext ctx, Payloads.ContractClose cl, Exchange ex) {
        Result<ContractRecord> found = known(s, cl.contract());
        if (found.failed()) {
            return found.propagate();
        }
        ContractRecord rec = found.value();
        if (rec.status() != ContractStatus.ACTIVE && rec.status() != ContractStatus.RESTRICTED) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + rec.address() + " is "
                    + rec.status() + "; only an Active or Restricted contract moves to Closing (K4)");
        }
        LedgerState.setContract(s, rec.withStatus(ContractStatus.CLOSING, ctx.height()));
        ex.cancelAllOf(s, rec.address()); // K5: its buys and swaps stop; it re-offers holdings for Coin itself
        List<Address> closing = new ArrayList<>(LedgerState.closingContracts(s));
        closing.add(rec.address());
        LedgerState.setClosingContracts(s, closing);
        return Effects.APPLIED;
    }

    /**
     * K7, K8: the manager changes price, fee (cut to contractMaximumManagerFee) and configuration;
     * the code has no field here and never changes. Refused once the contract is Closing or Closed.
     */
    static Result<String> configure(StateOverlay s, NetworkParameters p, Payloads.ContractConfigUpdate u) {
        Result<ContractRecord> found = known(s, u.contract());
        if (found.failed()) {
            return found.propagate();
        }
        ContractRecord rec = found.value();
        if (rec.status() != ContractStatus.ACTIVE && rec.status() != ContractStatus.RESTRICTED) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + rec.address() + " is "
                    + rec.status() + ": its configuration is frozen (K5)");
        }
        if (u.directSalePrice().lessThan(p.contractMinimumSharePrice())) {
            return priceTooLow(u.directSalePrice(), p);
        }
        long fee = Math.min(u.managerFeePpm(), p.contractMaximumManagerFeePpm());
        LedgerState.setContract(s, rec.withConfig(u.directSalePrice(), fee, u.configJson()));
        return fee < u.managerFeePpm()
                ? Result.ok("manager fee cut from " + ppm(u.managerFeePpm()) + " to contractMaximumManagerFee "
                        + ppm(fee) + " (K8)")
                : Effects.APPLIED;
    }
}
