package io.bourse.core.ledger;

import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Hash;
import java.util.List;

/** A block applied to an overlay: its receipts in commitment order, and the resulting state. */
public record BlockResult(List<Receipt> receipts, StateOverlay state) {
    public BlockResult {
        receipts = List.copyOf(receipts);
    }

    public Hash stateRoot() {
        return state.root();
    }

    public WriteSet writeSet() {
        return state.writeSet();
    }
}
