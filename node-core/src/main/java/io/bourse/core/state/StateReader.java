package io.bourse.core.state;

import java.util.Optional;

/** Read access to the state: the ledger reads through this and writes into a {@link StateOverlay}. */
public interface StateReader {
    Optional<byte[]> get(Bytes key);
}
