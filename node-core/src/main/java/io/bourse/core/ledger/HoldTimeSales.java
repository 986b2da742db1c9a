package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.market.MarketRules;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * K9, maximum hold time: at the start of every block, whether or not the contract's code ran, the
 * ledger sells the shares each contract has held longer than {@code contractMaximumShareHoldTime}
 * (a lot acquired before block time − maximum is overdue) at market, in slices over
 * {@link LedgerSales#SLICES} blocks ({@link LedgerSales}), oldest lots first. A remainder below one
 * lot cannot trade and goes back to the issuing contract's treasury.
 *
 * <p>Finding them without scanning every contract: each lot also has an entry
 * {@code 0x30 | acquiredAt | holder | token}, written when the lot is created; the queue's head
 * (0x31) is a lower bound of the oldest entry, so a block scans the queue only when something may
 * be overdue. An entry whose lot is gone (the contract sold it) is dropped when the scan meets it.
 * The sale of a (holder, token) keeps the height it began at (0x32), which counts its slices.
 */
final class HoldTimeSales {
    private static final byte[] PRESENT = {1};

    private HoldTimeSales() {
    }

    /** Records a lot created at {@code acquiredAt} (called by {@link Tokens#credit}). */
    static void track(StateOverlay s, Address holder, TokenId token, long acquiredAt) {
        s.put(StateKeys.lotQueue(acquiredAt, holder, token), PRESENT);
        Optional<Long> head = head(s);
        if (head.isEmpty() || acquiredAt < head.get()) {
            s.put(StateKeys.lotQueueHead(), StateKeys.u64(acquiredAt));
        }
    }

    private static Optional<Long> head(StateReader s) {
        return s.get(StateKeys.lotQueueHead()).map(b -> new Reader(b).i64("head"));
    }

    /** The block time before which a lot is overdue: it has then been held longer than the maximum. */
    static long cutoff(NetworkParameters p, long now) {
        return now - Math.multiplyExact(p.contractMaximumShareHoldTimeSeconds(), 1000L);
    }

    static void run(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex) {
        long cutoff = cutoff(p, ctx.timestampMillis());
        Optional<Long> head = head(s);
        if (head.isEmpty() || head.get() >= cutoff) {
            return;
        }
        Set<Bytes> sold = new HashSet<>(); // looked up only, never iterated
        long next = Long.MAX_VALUE;
        for (Bytes key : s.scan(StateKeys.lotQueuePrefix()).keySet()) {
            byte[] k = key.unsafeValue();
            long acquiredAt = new Reader(Arrays.copyOfRange(k, 1, 9)).i64("acquiredAt");
            if (acquiredAt >= cutoff) {
                next = Math.min(next, acquiredAt);
                break;
            }
            Address holder = new Address(Arrays.copyOfRange(k, 9, 9 + Address.LENGTH));
            TokenId token = TokenId.shareOf(new Address(Arrays.copyOfRange(k, 9 + Address.LENGTH, k.length)));
            if (sold.add(StateKeys.lots(holder, token))) {
                LedgerSales.contained(s, ex, t -> sellOverdue(t, p, ctx, ex, holder, token, cutoff));
            }
            if (LedgerState.lots(s, holder, token).stream().anyMatch(l -> l.acquiredAtMillis() == acquiredAt)) {
                next = Math.min(next, acquiredAt);
            } else {
                s.delete(key);
            }
        }
        if (next == Long.MAX_VALUE) {
            s.delete(StateKeys.lotQueueHead());
        } else {
            s.put(StateKeys.lotQueueHead(), StateKeys.u64(next));
        }
    }

    /** Units of {@code holder}'s lots of {@code token} acquired before {@code cutoff}. */
    static long overdue(StateReader s, Address holder, TokenId token, long cutoff) {
        long units = 0;
        for (Lot l : LedgerState.lots(s, holder, token)) {
            if (l.acquiredAtMillis() >= cutoff) {
                break;
            }
            units = Math.addExact(units, l.quantity().units());
        }
        return units;
    }

    private static void sellOverdue(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex, Address holder,
                                    TokenId token, long cutoff) {
        Optional<ContractRecord> rec = LedgerState.contract(s, holder);
        long overdue = overdue(s, holder, token, cutoff);
        if (rec.isEmpty() || overdue == 0) {
            s.delete(StateKeys.holdSale(holder, token));
            return;
        }
        long start = s.get(StateKeys.holdSale(holder, token)).map(b -> new Reader(b).i64("start")).orElse(ctx.height());
        if (Tokens.available(s, holder, token).units() < overdue) {
            ex.cancelAllReserving(s, holder, token); // its own resting orders must not hold back what is overdue
        }
        long sellable = Tokens.available(s, holder, token).units();
        long offer = LedgerSales.slice(overdue, LedgerSales.blocksLeft(start, ctx.height()), sellable);
        LedgerSales.sell(s, p, ctx, ex, rec.get(), token, offer, LedgerActions.Kind.HOLD_TIME_SALE,
                "held past contractMaximumShareHoldTime " + p.contractMaximumShareHoldTimeSeconds() + " s: "
                        + Amount.ofUnits(overdue) + " overdue");
        long left = overdue(s, holder, token, cutoff);
        if (left > 0 && Tokens.available(s, holder, token).units() < MarketRules.LOT) {
            LedgerSales.returnDust(s, p, ctx, rec.get(), token, Amount.ofUnits(left));
            left = 0;
        }
        if (left == 0) {
            s.delete(StateKeys.holdSale(holder, token));
        } else {
            s.put(StateKeys.holdSale(holder, token), StateKeys.u64(start));
        }
    }
}
