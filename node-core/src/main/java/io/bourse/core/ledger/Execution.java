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
 *   <li>Invested ratio (K9): after contractInvestedRatioGraceSeconds from its creation, a result
 *       that leaves the contract below contractMinimumInvestedRatio and lower than before is
 *       rejected ({@link Market#valuation}).</li>
 * </ul>
 *
 * <p>Shares held past contractMaximumShareHoldTime no longer restrict what a result may do: the
 * ledger sells them itself at the start of every block ({@link HoldTimeSales}).
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
        boolean ratioRule = InvestedRatio.applies(p, rec, now);
        Market.Valuation before = ratioRule ? Market.valuation(s, p, rec.address()) : null;
        for (int i = 0; i < actions.size(); i++) {
            Payload a = actions.get(i);
            Result<Void> done = action(s, p, ctx, rec, a, Market.contractOrderId(rec.address(), forHeight, i), ex);
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
