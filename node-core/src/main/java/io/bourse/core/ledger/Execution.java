package io.bourse.core.ledger;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import java.util.Optional;

/**
 * K6, K9: a contract acts only through the result of its New Block Action, which a Contract
 * Execution Server (a key in executionServers) submits. The result applies whole or not at all: the
 * first action a rule refuses rejects the commitment, naming the action.
 *
 * <ul>
 *   <li>Active: transfers and direct purchases; orders and options wait for the exchange issue.</li>
 *   <li>Restricted: no activity at all (K4).</li>
 *   <li>Closing: no direct purchase with Coin and no transfer out (K5 steps 2–4); sales for Coin
 *       arrive with the exchange. An empty result (storage root only) is accepted.</li>
 *   <li>Closed: nothing.</li>
 *   <li>Holding a lot past contractMaximumShareHoldTime (K9 penalty): only share transfers, until no
 *       lot is overdue.</li>
 * </ul>
 */
final class Execution {
    private Execution() {
    }

    static Receipt apply(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c,
                         Payloads.ContractExecutionResult r) {
        if (!p.executionServers().contains(c.sender())) {
            return Receipt.rejected(c.id(), RejectReason.NOT_EXECUTION_SERVER,
                    "only a Contract Execution Server submits a New Block Action result (K6)");
        }
        Optional<ContractRecord> found = LedgerState.contract(s, r.contract());
        if (found.isEmpty()) {
            return Contracts.known(found, r.contract()).get().receipt(c.id());
        }
        ContractRecord rec = found.get();
        if (rec.status() == ContractStatus.RESTRICTED || rec.status() == ContractStatus.CLOSED) {
            return Receipt.rejected(c.id(), RejectReason.CONTRACT_STATE, "contract " + rec.address() + " is "
                    + rec.status() + ": it may not act (K4)");
        }
        long last = LedgerState.lastExecutedHeight(s, rec.address());
        if (r.forHeight() >= ctx.height() || r.forHeight() <= last) {
            return Receipt.rejected(c.id(), RejectReason.STALE_EXECUTION_RESULT, "result for height " + r.forHeight()
                    + " of " + rec.address() + ": it must be above the last applied (" + last
                    + ") and below this block's height " + ctx.height());
        }
        long now = ctx.timestampMillis();
        Optional<Rejection> overdue = r.actions().stream().allMatch(Execution::disposal) ? Optional.empty()
                : Tokens.overdue(s, p, rec.address(), now);
        for (int i = 0; i < r.actions().size(); i++) {
            Payload a = r.actions().get(i);
            Optional<Rejection> rej = overdue.isPresent() && !disposal(a) ? overdue : action(s, p, rec, a, now);
            if (rej.isPresent()) {
                return rej.get().prefixed("action " + i + " (" + a.kind() + "): ").receipt(c.id());
            }
        }
        LedgerState.setExecution(s, rec.address(), r.forHeight(), r.storageRoot());
        return Receipt.applied(c.id());
    }

    private static boolean disposal(Payload a) {
        return a instanceof Payloads.Transfer t && !t.token().isCoin();
    }

    private static Optional<Rejection> action(StateOverlay s, NetworkParameters p, ContractRecord rec, Payload a,
                                              long now) {
        Address self = rec.address();
        if (rec.status() == ContractStatus.CLOSING) {
            return Optional.of(new Rejection(RejectReason.CONTRACT_STATE, "contract " + self
                    + " is Closing: it only sells its holdings for Coin (K5)"));
        }
        return switch (a) {
            case Payloads.Transfer t -> Effects.transfer(s, p, self, t, now, Tokens.Hold.ENFORCE);
            case Payloads.BuyFromContract b -> Contracts.buy(s, p, self, b, now);
            default -> Optional.of(new Rejection(RejectReason.UNSUPPORTED,
                    a.kind() + " is not supported by this version of the ledger yet"));
        };
    }
}
