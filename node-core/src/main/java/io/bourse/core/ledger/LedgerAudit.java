package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's conservation laws, checked over a whole state: every Coin balance adds up to
 * minted − burned (N6), and every contract's shares, wherever they are (holders, treasury, order
 * reservations, option pools), add up to the number it issued (K3). Scans every balance: for
 * audits and tests, never on a block's path.
 */
public final class LedgerAudit {
    private LedgerAudit() {
    }

    /** What does not add up, in words; empty when the state is sound. */
    public static List<String> problems(StateReader s) {
        long coin = 0;
        Map<Address, Long> shares = new TreeMap<>();
        for (Map.Entry<Bytes, byte[]> e : s.scan(StateKeys.balancePrefixAll()).entrySet()) {
            byte[] key = e.getKey().unsafeValue();
            Address token = new Address(Arrays.copyOfRange(key, 21, 41));
            long units = new Reader(e.getValue()).i64("balance");
            if (token.equals(TokenId.COIN_CONTRACT)) {
                coin = Math.addExact(coin, units);
            } else {
                shares.merge(token, units, Math::addExact);
            }
        }
        List<String> out = new ArrayList<>();
        LedgerState.Supply supply = LedgerState.supply(s);
        if (coin != supply.circulating().units()) {
            out.add("Coin in balances is " + coin + " units but minted − burned is " + supply.circulating().units());
        }
        for (ContractRecord c : LedgerState.contracts(s)) {
            long held = shares.getOrDefault(c.address(), 0L);
            if (held != c.shares().units()) {
                out.add("contract " + c.address() + " (" + c.name() + ") issued " + c.shares().units()
                        + " units of shares but balances hold " + held);
            }
        }
        return out;
    }
}
