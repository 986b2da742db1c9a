package io.bourse.core.ledger;

import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * K5: at the start of every block, each Closing contract that holds nothing but Coin and its own
 * shares issues the Repurchase of every outstanding share and becomes Closed.
 *
 * <p>The Repurchase price is Coin held ÷ outstanding shares; each holder receives
 * ⌊Coin × held ÷ outstanding⌋ and the units left over go one each to the largest remainders (ties
 * to the lower address), so exactly the Coin held is paid out. Every share returns to the contract.
 * A Closing contract that never gets down to Coin (no exchange yet to sell its holdings) stays
 * Closing: the forced liquidation at market after {@link #FORCED_LIQUIDATION_BLOCKS} blocks comes
 * with the exchange (TODO, docs/economics.md).
 */
final class Closing {
    /** Blocks a Closing contract has to liquidate before the node would sell for it (not yet enforced). */
    static final long FORCED_LIQUIDATION_BLOCKS = 10_000;

    private Closing() {
    }

    static void run(StateOverlay s, NetworkParameters p, long now) {
        List<Address> closing = LedgerState.closingContracts(s);
        if (closing.isEmpty()) {
            return;
        }
        List<Address> still = new ArrayList<>();
        for (Address a : closing) {
            Optional<ContractRecord> rec = LedgerState.contract(s, a);
            if (rec.isEmpty() || rec.get().status() != ContractStatus.CLOSING) {
                continue;
            }
            if (!liquidated(s, rec.get())) {
                still.add(a);
                continue;
            }
            StateOverlay t = s.child();
            try {
                repurchase(t, p, rec.get(), now);
                t.mergeInto();
            } catch (ArithmeticException e) {
                still.add(a);
            }
        }
        LedgerState.setClosingContracts(s, still);
    }

    private static boolean liquidated(StateOverlay s, ContractRecord rec) {
        for (TokenId t : LedgerState.holdings(s, rec.address()).keySet()) {
            if (!t.isCoin() && !t.equals(rec.token())) {
                return false;
            }
        }
        return true;
    }

    private static void repurchase(StateOverlay s, NetworkParameters p, ContractRecord rec, long now) {
        Address self = rec.address();
        SortedMap<Address, Amount> holders = LedgerState.holders(s, rec.token());
        holders.remove(self);
        Amount coin = LedgerState.balance(s, self, TokenId.COIN);
        SortedMap<Address, Amount> payouts = Distribution.largestRemainder(coin, holders);
        for (Map.Entry<Address, Amount> h : holders.entrySet()) {
            must(Tokens.move(s, p, h.getKey(), self, rec.token(), h.getValue(), now, Tokens.Hold.IGNORE));
            must(Tokens.move(s, p, self, h.getKey(), TokenId.COIN, payouts.get(h.getKey()), now, Tokens.Hold.IGNORE));
        }
        LedgerState.setContract(s, rec.withStatus(ContractStatus.CLOSED, rec.closingSinceHeight()));
        Fees.unschedule(s, rec);
    }

    private static void must(Optional<Rejection> r) {
        if (r.isPresent()) {
            throw new ArithmeticException(r.get().message());
        }
    }
}
