package io.bourse.core.state;

import java.util.NavigableMap;
import java.util.Optional;

/** Read access to the state: the ledger reads through this and writes into a {@link StateOverlay}. */
public interface StateReader {
    Optional<byte[]> get(Bytes key);

    /**
     * Every entry whose key starts with {@code prefix}, in key order. Costs a probe of each of the
     * state's buckets, so the ledger uses it only for rare work (closing a contract, a contract's
     * holdings), never per transfer. Readers that cannot scan throw {@link UnsupportedOperationException}.
     */
    default NavigableMap<Bytes, byte[]> scan(Bytes prefix) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot scan");
    }
}
