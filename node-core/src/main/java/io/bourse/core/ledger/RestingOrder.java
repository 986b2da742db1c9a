package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;

/**
 * An order resting on a book, as the state holds it under {@link StateKeys#order}.
 *
 * <pre>
 *   id (32) | owner (20) | base (20) | quote (20) | u8 side | i64 price | i64 quantity | i64 remaining
 *   | i64 reserved | i64 goodTillHeight | i64 seq | i64 placedHeight
 * </pre>
 *
 * @param reserved what the order still holds back of its owner's balance: quote units for a buy
 *                 (price × remaining), base units for a sell (= remaining)
 * @param seq      the chain-wide sequence number: time priority
 */
public record RestingOrder(Hash id, Address owner, TokenId base, TokenId quote, Payloads.Side side, long price,
                           long quantity, long remaining, long reserved, long goodTillHeight, long seq,
                           long placedHeight) {
    public boolean buy() {
        return side == Payloads.Side.BUY;
    }

    /** The token the order holds back: quote for a buy, base for a sell. */
    public TokenId reservedToken() {
        return buy() ? quote : base;
    }

    RestingOrder filled(long qty, long paid) {
        return new RestingOrder(id, owner, base, quote, side, price, quantity, remaining - qty, reserved - paid,
                goodTillHeight, seq, placedHeight);
    }

    byte[] toBytes() {
        Writer w = new Writer(180);
        id.encode(w);
        owner.encode(w);
        base.encode(w);
        quote.encode(w);
        w.u8(side.code()).i64(price).i64(quantity).i64(remaining).i64(reserved).i64(goodTillHeight).i64(seq)
                .i64(placedHeight);
        return w.toByteArray();
    }

    static RestingOrder fromBytes(byte[] b) {
        return Reader.decodeAll(b, "resting order", r -> new RestingOrder(Hash.decode(r, "id"),
                Address.decode(r, "owner"), TokenId.decode(r, "base"), TokenId.decode(r, "quote"),
                Payloads.Side.fromCode(r.u8("side")), r.u63("price"), r.u63("quantity"), r.u63("remaining"),
                r.u63("reserved"), r.u63("goodTill"), r.u63("seq"), r.u63("placedHeight")));
    }
}
