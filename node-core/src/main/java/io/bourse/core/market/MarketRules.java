package io.bourse.core.market;

import io.bourse.core.types.TokenId;
import java.util.List;
import java.util.Optional;

/**
 * The grid every book trades on (docs/market.md). Prices are quote units per whole base token,
 * quantities base-token units (10^8 per token). Both are multiples of 10^4 units, so the value of
 * any fill, price × quantity ÷ 10^8, is a whole number of quote units: no fill ever rounds, and a
 * buy order's reservation at its limit price covers every fill at that price or better exactly.
 */
public final class MarketRules {
    /** Price tick: 0.0001 quote token per whole base token. */
    public static final long PRICE_TICK = 10_000;
    /** Lot size and minimum order: 0.0001 base token. */
    public static final long LOT = 10_000;

    private MarketRules() {
    }

    /**
     * How the ledger names the book two different tokens trade on (docs/market.md): Coin is always
     * the quote; a book of two other tokens has the lower token (unsigned byte order) as its base.
     * Orders name their book this way, and so does the API's {@code BASE-QUOTE}.
     *
     * @return the book's base and quote, in that order
     */
    public static List<TokenId> bookOf(TokenId a, TokenId b) {
        if (a.equals(b)) {
            throw new IllegalArgumentException("a book is between two different tokens");
        }
        if (a.isCoin() || (!b.isCoin() && a.compareTo(b) > 0)) {
            return List.of(b, a);
        }
        return List.of(a, b);
    }

    /** Why {@code price}/{@code quantity} are off the grid, if they are. */
    public static Optional<String> offGrid(long price, long quantity) {
        if (price <= 0 || price % PRICE_TICK != 0) {
            return Optional.of("price must be a positive multiple of the tick 0.0001 (" + PRICE_TICK + " units)");
        }
        if (quantity < LOT || quantity % LOT != 0) {
            return Optional.of("quantity must be a positive multiple of the lot 0.0001 (" + LOT + " units)");
        }
        return Optional.empty();
    }

    /** price × quantity ÷ 10^8 for on-grid values: exact. @throws ArithmeticException beyond 63 bits */
    public static long value(long price, long quantity) {
        return Math.multiplyExact(price / PRICE_TICK, quantity / LOT);
    }
}
