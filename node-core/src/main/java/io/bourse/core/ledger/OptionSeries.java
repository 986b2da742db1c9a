package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;

/**
 * An option series (M4) under {@link StateKeys#series}.
 *
 * <pre>
 *   id (32) | underlying (20) | u8 type | i64 strike | i64 expiryHeight | i64 written | i64 open
 *   | u8 settled | i64 settlementPrice
 * </pre>
 *
 * @param written everything ever written: the writers' claims on the pool add up to it
 * @param open    option tokens in existence (written − exercised − settled)
 */
public record OptionSeries(Hash id, Address underlying, Payloads.OptionType type, long strike, long expiryHeight,
                           long written, long open, boolean settled, long settlementPrice) {
    /** The fungible option token of a series: an address derived from the series id (docs/market.md). */
    public static TokenId token(Hash seriesId) {
        return TokenId.shareOf(Address.derived("bourse/option", seriesId.bytes()));
    }

    /** The account that holds a series' collateral and the strike payments of exercises. */
    public static Address pool(Hash seriesId) {
        return Address.derived("bourse/option-pool", seriesId.bytes());
    }

    /** series id = SHA-256("bourse/option-series" | underlying | u8 type | u64 strike | u64 expiryHeight). */
    public static Hash idOf(Address underlying, Payloads.OptionType type, long strike, long expiryHeight) {
        return Hash.of("bourse/option-series".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                underlying.unsafeBytes(), new byte[] {(byte) type.code()}, StateKeys.u64(strike),
                StateKeys.u64(expiryHeight));
    }

    public TokenId token() {
        return token(id);
    }

    public Address pool() {
        return pool(id);
    }

    OptionSeries with(long newWritten, long newOpen, boolean newSettled, long price) {
        return new OptionSeries(id, underlying, type, strike, expiryHeight, newWritten, newOpen, newSettled, price);
    }

    byte[] toBytes() {
        Writer w = new Writer(120);
        id.encode(w);
        underlying.encode(w);
        w.u8(type.code()).i64(strike).i64(expiryHeight).i64(written).i64(open).bool(settled).i64(settlementPrice);
        return w.toByteArray();
    }

    static OptionSeries fromBytes(byte[] b) {
        return Reader.decodeAll(b, "option series", r -> new OptionSeries(Hash.decode(r, "id"),
                Address.decode(r, "underlying"), Payloads.OptionType.fromCode(r.u8("type")), r.u63("strike"),
                r.u63("expiry"), r.u63("written"), r.u63("open"), r.bool("settled"), r.u63("settlementPrice")));
    }
}
