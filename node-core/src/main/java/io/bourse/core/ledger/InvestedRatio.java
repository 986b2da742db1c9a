package io.bourse.core.ledger;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.Optional;

/**
 * K9, minimum invested ratio, enforced whether or not the contract's code runs: every
 * {@link #CHECK_BLOCKS} blocks from its creation the ledger values each Active contract past its
 * grace period at mark prices ({@link Market#valuation}). A check that finds it below
 * {@code contractMinimumInvestedRatio} records it (and logs a warning); if the next check still finds
 * it below, the ledger restricts it (K4 Restricted: its resting orders are cancelled, it no longer
 * acts nor sells shares directly), which the Block Signers may lift with a special block. An Active
 * contract past its grace period therefore stays below the ratio at most 2 × CHECK_BLOCKS blocks.
 *
 * <p>Why a restriction and not a forced purchase of other contracts' shares: see docs/economics.md,
 * "Invested ratio". In short, a forced purchase spends investors' Coin at whatever the asks are,
 * on a schedule anyone can read off the state, and the shares bought must be sold again at market
 * after the maximum hold time; a restriction keeps every unit of the investors' value where it is.
 *
 * <p>Checks come from a height queue (no scan of the contracts): a contract's next check is
 * scheduled at creation and again at each check, until it is Closed.
 */
final class InvestedRatio {
    /** Blocks between two ratio checks of a contract: two vote windows, time for its code to invest. */
    static final long CHECK_BLOCKS = 2L * ContractExecutions.VOTE_WINDOW;

    private InvestedRatio() {
    }

    /** Whether the ratio rule binds {@code rec} at block time {@code now}: Active, past its grace period, a ratio set. */
    static boolean applies(NetworkParameters p, ContractRecord rec, long now) {
        return p.contractMinimumInvestedRatioPpm() > 0 && rec.status() == ContractStatus.ACTIVE
                && now >= Math.addExact(rec.createdAtMillis(),
                Math.multiplyExact(p.contractInvestedRatioGraceSeconds(), 1000L));
    }

    /** Schedules the first check of a contract created at {@code height}. */
    static void schedule(StateOverlay s, Address contract, long height) {
        HeightQueue.add(s, HeightQueue.RATIO, Math.addExact(height, CHECK_BLOCKS), contract.bytes());
    }

    static void run(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex) {
        for (byte[] a : HeightQueue.drain(s, HeightQueue.RATIO, ctx.height())) {
            Address contract = new Address(a);
            Optional<ContractRecord> rec = LedgerState.contract(s, contract);
            if (rec.isEmpty() || rec.get().status() == ContractStatus.CLOSED) {
                s.delete(StateKeys.belowRatio(contract));
                continue;
            }
            schedule(s, contract, ctx.height());
            LedgerSales.contained(s, ex, t -> check(t, p, ctx, ex, rec.get()));
        }
    }

    private static void check(StateOverlay s, NetworkParameters p, BlockContext ctx, Exchange ex, ContractRecord rec) {
        Address self = rec.address();
        if (!applies(p, rec, ctx.timestampMillis())) {
            s.delete(StateKeys.belowRatio(self));
            return;
        }
        Market.Valuation v = Market.valuation(s, p, self);
        if (!v.below(p.contractMinimumInvestedRatioPpm())) {
            s.delete(StateKeys.belowRatio(self));
            return;
        }
        String state = "keeps " + Contracts.ppm(v.ppm()) + " of its value " + v.total()
                + " in other contracts' shares, below contractMinimumInvestedRatio "
                + Contracts.ppm(p.contractMinimumInvestedRatioPpm());
        if (s.get(StateKeys.belowRatio(self)).isEmpty()) {
            s.put(StateKeys.belowRatio(self), StateKeys.u64(ctx.height()));
            LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.BELOW_INVESTED_RATIO,
                    TokenId.COIN, Amount.ZERO, Amount.ZERO, state + ": restricted at block "
                    + (ctx.height() + CHECK_BLOCKS) + " unless it invests by then (K9)"));
            return;
        }
        s.delete(StateKeys.belowRatio(self));
        LedgerState.setContract(s, rec.withStatus(ContractStatus.RESTRICTED, rec.closingSinceHeight()));
        ex.cancelAllOf(s, self); // a Restricted contract cannot trade, not even as a maker (K4)
        LedgerActions.append(s, self, new LedgerActions.Entry(ctx.height(), LedgerActions.Kind.RESTRICTED,
                TokenId.COIN, Amount.ZERO, Amount.ZERO, state + " for a second check in a row: restricted; a Block "
                + "Signer's special block may activate it again (K9, K4)"));
    }
}
