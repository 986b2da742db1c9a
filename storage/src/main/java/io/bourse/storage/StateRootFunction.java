package io.bourse.storage;

import io.bourse.core.state.Bytes;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Hash;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Computes a state root from a whole state, to verify an imported snapshot against the block it
 * was taken at. {@code entries} hands every entry, in key order, to the visitor it is given.
 */
@FunctionalInterface
public interface StateRootFunction {
    Hash rootOf(Consumer<BiConsumer<byte[], byte[]>> entries);

    /** The ledger's root ({@link MerkleState}); holds the state in memory while it computes. */
    StateRootFunction MERKLE = entries -> {
        WriteSet all = new WriteSet();
        entries.accept((k, v) -> all.put(Bytes.of(k), v));
        MerkleState state = new MerkleState();
        state.apply(all);
        return state.root();
    };
}
