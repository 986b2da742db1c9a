package io.bourse.core.ledger;

import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.util.List;
import java.util.Optional;

/**
 * K6, K9: a contract acts only through the agreed result of its New Block Action
 * ({@link ContractExecutions}). The result applies whole or not at all: the first action a rule
 * refuses fails it, naming the action.
 *
 * <p><b>Protocol order (docs/market.md).</b> Results do not take effect where the generator put
 * the votes in the block: {@link BlockExecution} records the votes as they come, then decides and
 * applies at the end of the block, sorted by {@link #priority} =
 * SHA-256("bourse/contract-batch" | height | contract). So the generator cannot choose which
 * contract's orders trade first (it can only include or leave out a result), nor can an execution
 * server by submitting early; and since the key changes every block, no contract is always first.
 *
 * <ul>
 *   <li>Active: transfers, direct purchases, orders, cancels, option writes and exercises.</li>
 *   <li>Restricted: no activity at all (K4).</li>
 *   <li>Closing: only sell orders for Coin and cancels (K5 steps 2–4). An empty result is accepted.</li>
 *   <li>Closed: nothing.</li>
 *   <li>Holding a lot past contractMaximumShareHoldTime (K9 penalty): only disposals (share
 *       transfers, sell orders, cancels), until no lot is overdue.</li>
 *   <li>Invested ratio (K9): after contractInvestedRatioGraceSeconds from its creation, a result
 *       that leaves the contract below contractMinimumInvestedRatio and lower than before is
 *       rejected ({@link Market#valuation}). While a lot is past the maximum hold time the rule
 *       is waived: that penalty forces disposals, which the ratio rule must not block.</li>
 * </ul>
 */
final class Execution {
    private Execution() {
    }

    /** The protocol's order of contract results within a block at {@code height}. */
    static Hash priority(long height, Address contract) {
        return Hash.of("bourse/contract-batch".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                StateKeys.u64(height), contract.unsafeBytes());
    }

    /**
     * Applies an agreed result's actions for {@code rec}, computed on block {@code forHeight}, under
     * the rules above; the first action a rule refuses fails the whole result (the caller drops the
     * overlay). Order ids are {@link Market#contractOrderId}(contract, forHeight, index).
     */
    static Result<String> act(StateOverlay s, NetworkParameters p, BlockContext ctx, ContractRecord rec,
                              long forHeight, List<Payload> actions, Exchange ex) {
        long now = ctx.timestampMillis();
        boolean allDisposals = actions.stream().allMatch(Execution::disposal);
        boolean pastGrace = p.contractMinimumInvestedRatioPpm() > 0 && rec.status() == ContractStatus.ACTIVE
                && now >= Math.addExact(rec.createdAtMillis(),
                Math.multiplyExact(p.contractInvestedRatioGraceSeconds(), 1000L));
        Result<Void> overdue = allDisposals && !pastGrace ? Result.ok() : Tokens.overdue(s, p, rec.address(), now);
        // the maximum hold time forces disposals: while a lot is overdue the ratio rule gives way to it
        boolean ratioRule = pastGrace && !overdue.failed();
        Market.Valuation before = ratioRule ? Market.valuation(s, p, rec.address()) : null;
        if (allDisposals) {
            overdue = Result.ok();
        }
        for (int i = 0; i < actions.size(); i++) {
            Payload a = actions.get(i);
            Result<Void> done = overdue.failed() && !disposal(a) ? overdue
                    : action(s, p, ctx, rec, a, Market.contractOrderId(rec.address(), forHeight, i), ex);
            if (done.failed()) {
                return Result.fail(done.rejection().prefixed("action " + i + " (" + a.kind() + "): "));
            }
        }
        if (ratioRule) {
            Market.Valuation after = Market.valuation(s, p, rec.address());
            if (after.below(p.contractMinimumInvestedRatioPpm()) && after.lowerThan(before)) {
                return Result.fail(RejectReason.INVESTED_RATIO, "contract " + rec.address()
                        + " would keep " + Contracts.ppm(after.ppm()) + " of its value " + after.total()
                        + " in other contracts' shares (was " + Contracts.ppm(before.ppm())
                        + "), below contractMinimumInvestedRatio " + Contracts.ppm(p.contractMinimumInvestedRatioPpm())
                        + " (K9)");
            }
        }
        return Effects.APPLIED;
    }

    private static boolean disposal(Payload a) {
        return a instanceof Payloads.Transfer t && !t.token().isCoin()
                || a instanceof Payloads.PlaceOrder o && o.side() == Payloads.Side.SELL
                || a instanceof Payloads.CancelOrder;
    }

    private static Result<Void> action(StateOverlay s, NetworkParameters p, BlockContext ctx, ContractRecord rec,
                                       Payload a, Hash orderId, Exchange ex) {
        Address self = rec.address();
        long now = ctx.timestampMillis();
        if (rec.status() == ContractStatus.CLOSING && !(a instanceof Payloads.PlaceOrder)
                && !(a instanceof Payloads.CancelOrder)) {
            return Result.fail(RejectReason.CONTRACT_STATE, "contract " + self
                    + " is Closing: it only sells its holdings for Coin (K5)");
        }
        return switch (a) {
            case Payloads.Transfer t -> Effects.transfer(s, p, self, t, now, Tokens.Hold.ENFORCE);
            case Payloads.BuyFromContract b -> Contracts.buy(s, p, self, b, now);
            case Payloads.PlaceOrder o -> ex.place(s, p, ctx, new Exchange.Trader(self, Optional.of(rec), false),
                    orderId, o).withoutValue();
            case Payloads.CancelOrder o -> ex.cancel(s, self, o.orderId()).withoutValue();
            case Payloads.OptionWrite w -> Options.write(s, p, ctx, self, Optional.of(rec), w).withoutValue();
            case Payloads.OptionExercise e -> Options.exercise(s, p, ctx, self, Optional.of(rec), e);
            default -> Effects.unsupported(a.kind());
        };
    }
}
