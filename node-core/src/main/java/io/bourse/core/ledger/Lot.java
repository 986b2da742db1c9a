package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Amount;
import java.util.List;

/**
 * K9: a quantity of another contract's shares that a contract acquired at one block time. A
 * contract's lots of a token, oldest first, always add up to its balance of that token; what it
 * disposes of is taken from the oldest lots first (FIFO). Key holders and a contract's own shares
 * have no lots.
 */
public record Lot(long acquiredAtMillis, Amount quantity) {
    static final int MAX_LOTS = 1 << 20;

    static byte[] encode(List<Lot> lots) {
        Writer w = new Writer(4 + 16 * lots.size());
        w.list(lots, (ww, l) -> ww.i64(l.acquiredAtMillis).i64(l.quantity.units()));
        return w.toByteArray();
    }

    static List<Lot> decode(byte[] bytes) {
        return Reader.decodeAll(bytes, "lots", r -> r.list(MAX_LOTS, "lots",
                rr -> new Lot(rr.i64("acquiredAt"), Amount.decode(rr, "quantity"))));
    }
}
