package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Amount;

/**
 * M5, K8: the last weekly operating fee charged to a contract, kept so anyone can check it.
 *
 * @param chargedAtMillis the block time the fee was charged (the week it paid for ended at or before it)
 * @param value           the contract's value at mark prices the fee was computed from
 * @param due             the sum of the four fee lines, in Coin
 * @param paidCoin        what was paid in Coin
 * @param paidShares      what was paid in the contract's own treasury shares
 * @param waived          the Coin value that neither Coin nor treasury shares could cover
 */
public record FeeRecord(long chargedAtMillis, Amount value, Amount due, Amount paidCoin, Amount paidShares,
                        Amount waived) {
    byte[] toBytes() {
        return new Writer(48).i64(chargedAtMillis).i64(value.units()).i64(due.units()).i64(paidCoin.units())
                .i64(paidShares.units()).i64(waived.units()).toByteArray();
    }

    static FeeRecord fromBytes(byte[] b) {
        return Reader.decodeAll(b, "fee record", r -> new FeeRecord(r.i64("at"), Amount.decode(r, "value"),
                Amount.decode(r, "due"), Amount.decode(r, "paidCoin"), Amount.decode(r, "paidShares"),
                Amount.decode(r, "waived")));
    }
}
