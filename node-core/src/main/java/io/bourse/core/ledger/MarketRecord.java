package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;

/**
 * A book's summary under {@link StateKeys#market}: what mark prices need without loading the book.
 *
 * <pre>  i64 lastPrice | i64 lastTradeHeight | i64 bestBid | i64 bestAsk | i64 trades  </pre>
 *
 * Prices are quote units per whole base token; 0 means none.
 */
public record MarketRecord(long lastPrice, long lastTradeHeight, long bestBid, long bestAsk, long trades) {
    static final MarketRecord EMPTY = new MarketRecord(0, 0, 0, 0, 0);

    byte[] toBytes() {
        return new Writer(40).i64(lastPrice).i64(lastTradeHeight).i64(bestBid).i64(bestAsk).i64(trades).toByteArray();
    }

    static MarketRecord fromBytes(byte[] b) {
        return Reader.decodeAll(b, "market record", r -> new MarketRecord(r.u63("last"), r.u63("lastHeight"),
                r.u63("bid"), r.u63("ask"), r.u63("trades")));
    }
}
