package io.bourse.node.api;

import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.StateKeys;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Read accessors the ledger does not offer (yet), built only on its public API: the list of every
 * contract, and the rules the API shows (direct-sale price in force, a creation's address). Each
 * mirrors a package-private rule of {@code io.bourse.core.ledger}; if the ledger publishes them,
 * this class goes.
 */
public final class ContractIndex {
    private ContractIndex() {
    }

    /**
     * Every contract record, sorted by address. A prefix scan of the contract table (its tag is the
     * first byte of any {@link StateKeys#contract} key): it probes every bucket of the state, so it
     * is for the API's listing, never for a hot path.
     */
    static List<ContractRecord> all(StateReader s) {
        byte tag = StateKeys.contract(Address.derived("any", new byte[0])).unsafeValue()[0];
        List<ContractRecord> out = new ArrayList<>();
        s.scan(Bytes.of(new byte[] {tag})).values().forEach(v -> out.add(ContractRecord.fromBytes(v)));
        return out;
    }

    /** M1: the contract's price, but never below contractMinimumSharePrice (as the ledger's Contracts.effectivePrice). */
    static Amount effectivePrice(ContractRecord c, NetworkParameters p) {
        return c.directSalePrice().lessThan(p.contractMinimumSharePrice()) ? p.contractMinimumSharePrice()
                : c.directSalePrice();
    }

    /** The address a contract creation gets once final (as the ledger's Contracts.addressFor). */
    public static Address addressFor(Hash creationId) {
        return Address.derived("bourse/contract", creationId.bytes());
    }
}
