package io.bourse.core.ledger;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Amount;
import java.util.OptionalLong;

/**
 * A contract's value per share under the valuation rule of docs/economics.md: the value the weekly
 * fee is computed from ({@link Fees#value}: Coin plus every other token at its mark price, each
 * rounded down; its own shares count for nothing) divided by the shares outstanding (all its
 * shares but those in its treasury), rounded down, in Coin units per whole share. The explorer's
 * figures all start from this one read, so no page derives a value of its own.
 *
 * @param value       the contract's value in Coin
 * @param outstanding its shares held by anyone but itself
 */
public record ContractValue(Amount value, Amount outstanding) {
    public static ContractValue of(StateReader s, NetworkParameters p, ContractRecord c) {
        Amount treasury = LedgerState.balance(s, c.address(), c.token());
        return new ContractValue(Fees.value(s, p, c.address()), c.shares().minus(treasury));
    }

    /** Coin units per whole share (value × 10^8 ÷ outstanding, rounded down); empty while no share is outstanding. */
    public OptionalLong perShareUnits() {
        if (outstanding.isZero()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Amount.mulDiv(value.units(), Amount.ONE_UNITS, outstanding.units(), Amount.Rounding.DOWN));
    }
}
