package io.bourse.core.ledger;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;

/**
 * Every movement of tokens goes through here, so that a contract's lots of other contracts' shares
 * always add up to its balance (K9). Coin, a contract's own shares and key holders have no lots.
 */
final class Tokens {
    /** How a debit treats the hold-time rule. */
    enum Hold {
        /** A disposal the contract chose: refused for shares held less than contractMinimumShareHoldTime. */
        ENFORCE,
        /** A disposal the ledger makes (Repurchase, its sales at market): lots are consumed without the rule. */
        IGNORE
    }

    private Tokens() {
    }

    static boolean isContract(StateReader s, Address a) {
        return s.get(StateKeys.contract(a)).isPresent();
    }

    /** Whether {@code holder}'s balance of {@code token} is tracked in lots: another contract's shares held by a contract. */
    static boolean hasLots(StateReader s, Address holder, TokenId token) {
        return !token.isCoin() && !token.contract().equals(holder) && isContract(s, holder)
                && isContract(s, token.contract());
    }

    /** What {@code holder} may spend: its balance less what its resting orders reserve (docs/market.md). */
    static Amount available(StateReader s, Address holder, TokenId token) {
        return LedgerState.balance(s, holder, token).minus(LedgerState.reserved(s, holder, token));
    }

    static void reserve(StateOverlay s, Address holder, TokenId token, long units) {
        LedgerState.setReserved(s, holder, token, LedgerState.reserved(s, holder, token).plus(Amount.ofUnits(units)));
    }

    static void release(StateOverlay s, Address holder, TokenId token, long units) {
        LedgerState.setReserved(s, holder, token, LedgerState.reserved(s, holder, token).minus(Amount.ofUnits(units)));
    }

    /** The exchange settles a fill out of a resting order's reservation: lots are consumed without the hold rule (checked at placement). */
    static void debitReserved(StateOverlay s, Address holder, TokenId token, Amount amount) {
        release(s, holder, token, amount.units());
        debit(s, null, holder, token, amount, 0, Hold.IGNORE).orSettlementFailure("reserved funds missing: ");
    }

    static Result<Void> move(StateOverlay s, NetworkParameters p, Address from, Address to, TokenId token,
                             Amount amount, long now, Hold hold) {
        Result<Void> r = debit(s, p, from, token, amount, now, hold);
        if (!r.failed()) {
            credit(s, to, token, amount, now);
        }
        return r;
    }

    static void credit(StateOverlay s, Address to, TokenId token, Amount amount, long now) {
        if (amount.isZero()) {
            return;
        }
        LedgerState.setBalance(s, to, token, LedgerState.balance(s, to, token).plus(amount));
        if (hasLots(s, to, token)) {
            List<Lot> lots = new ArrayList<>(LedgerState.lots(s, to, token));
            int i = lots.size();
            while (i > 0 && lots.get(i - 1).acquiredAtMillis() > now) {
                i--;
            }
            if (i > 0 && lots.get(i - 1).acquiredAtMillis() == now) {
                lots.set(i - 1, new Lot(now, lots.get(i - 1).quantity().plus(amount)));
            } else {
                lots.add(i, new Lot(now, amount));
            }
            LedgerState.setLots(s, to, token, lots);
            HoldTimeSales.track(s, to, token, now);
        }
    }

    static Result<Void> debit(StateOverlay s, NetworkParameters p, Address from, TokenId token, Amount amount,
                              long now, Hold hold) {
        Amount have = LedgerState.balance(s, from, token);
        Amount reserved = LedgerState.reserved(s, from, token);
        if (have.minus(reserved).lessThan(amount)) {
            return Result.fail(RejectReason.INSUFFICIENT_BALANCE,
                    "transfer of " + amount + " " + token + " but the balance is " + have
                            + (reserved.isZero() ? "" : ", of which " + reserved + " is reserved by resting orders"));
        }
        if (hasLots(s, from, token)) {
            List<Lot> lots = LedgerState.lots(s, from, token);
            if (hold == Hold.ENFORCE) {
                Result<Void> young = holdTime(p, from, token, amount, lots, now);
                if (young.failed()) {
                    return young;
                }
            }
            LedgerState.setLots(s, from, token, consume(lots, amount));
        }
        LedgerState.setBalance(s, from, token, have.minus(amount));
        return Result.ok();
    }

    /** K9: FIFO disposal may take only lots held at least contractMinimumShareHoldTime. */
    static Result<Void> holdTime(NetworkParameters p, Address holder, TokenId token, Amount amount,
                                 List<Lot> lots, long now) {
        long minMillis = Math.multiplyExact(p.contractMinimumShareHoldTimeSeconds(), 1000L);
        Amount taken = Amount.ZERO;
        for (Lot l : lots) {
            long held = now - l.acquiredAtMillis();
            if (held < minMillis) {
                return Result.fail(RejectReason.HOLD_TIME, "sale of " + amount + " shares of " + token
                        + " by contract " + holder + ": " + l.quantity() + " of them held " + seconds(held)
                        + " s, minimum hold time " + p.contractMinimumShareHoldTimeSeconds() + " s (only " + taken
                        + " may be sold now)");
            }
            taken = taken.plus(l.quantity());
            if (!taken.lessThan(amount)) {
                break;
            }
        }
        return Result.ok();
    }

    private static List<Lot> consume(List<Lot> lots, Amount amount) {
        List<Lot> out = new ArrayList<>();
        Amount left = amount;
        for (Lot l : lots) {
            if (left.isZero()) {
                out.add(l);
            } else if (!left.lessThan(l.quantity())) {
                left = left.minus(l.quantity());
            } else {
                out.add(new Lot(l.acquiredAtMillis(), l.quantity().minus(left)));
                left = Amount.ZERO;
            }
        }
        return out;
    }

    /** Milliseconds as seconds with up to three decimals: "12", "0.5". */
    static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
