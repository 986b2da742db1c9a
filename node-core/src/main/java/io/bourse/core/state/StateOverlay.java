package io.bourse.core.state;

import io.bourse.core.types.Hash;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Uncommitted changes on top of a {@link MerkleState}: a block is executed into an overlay, its
 * root computed, and the overlay either becomes the block's {@link WriteSet} or is thrown away.
 * Overlays nest ({@link #child()}), so a single commitment can be applied tentatively and
 * discarded when it fails half-way.
 *
 * <p>Changes are kept in a hash map, so the point reads and writes of a transfer cost no key
 * comparisons; the first {@link #scan} builds a sorted copy, kept up to date from then on, so
 * scans stay cheap on the rare paths that use them. Nothing depends on hash-map iteration order:
 * {@link #writeSet} sorts, {@link #root} sorts per bucket. An overlay belongs to one thread (the
 * block's execution): not even {@link #scan} is a pure read.
 */
public final class StateOverlay implements StateReader {
    private final MerkleState root;
    private final StateReader base;
    private final HashMap<Bytes, Optional<byte[]>> changes = new HashMap<>();
    /** The changes in key order: null until the first scan, then kept in step with {@link #changes}. */
    private TreeMap<Bytes, Optional<byte[]>> sorted;

    public StateOverlay(MerkleState base) {
        this(base, base);
    }

    private StateOverlay(MerkleState root, StateReader base) {
        this.root = root;
        this.base = base;
    }

    /** A nested overlay whose changes reach this one only through {@link #mergeInto()}. */
    public StateOverlay child() {
        return new StateOverlay(root, this);
    }

    @Override
    public Optional<byte[]> get(Bytes key) {
        Optional<byte[]> v = changes.get(key);
        if (v != null) {
            return v.map(byte[]::clone);
        }
        return base.get(key);
    }

    @Override
    public NavigableMap<Bytes, byte[]> scan(Bytes prefix) {
        NavigableMap<Bytes, byte[]> out = base.scan(prefix);
        byte[] p = prefix.unsafeValue();
        if (sorted == null) {
            sorted = new TreeMap<>(changes);
        }
        for (Map.Entry<Bytes, Optional<byte[]>> e : sorted.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(p)) {
                break;
            }
            if (e.getValue().isPresent()) {
                out.put(e.getKey(), e.getValue().get().clone());
            } else {
                out.remove(e.getKey());
            }
        }
        return out;
    }

    public void put(Bytes key, byte[] value) {
        record(key, Optional.of(value.clone()));
    }

    public void delete(Bytes key) {
        record(key, Optional.empty());
    }

    private void record(Bytes key, Optional<byte[]> value) {
        changes.put(key, value);
        if (sorted != null) {
            sorted.put(key, value);
        }
    }

    /** Moves this child's changes into its parent overlay. */
    public void mergeInto() {
        if (!(base instanceof StateOverlay parent)) {
            throw new IllegalStateException("only a child overlay merges into its parent");
        }
        changes.forEach(parent::record);
        changes.clear();
        sorted = null;
    }

    public WriteSet writeSet() {
        if (base != root) {
            throw new IllegalStateException("merge a child overlay into its parent first");
        }
        WriteSet ws = new WriteSet();
        changes.forEach((k, v) -> {
            if (v.isPresent()) {
                ws.put(k, v.get());
            } else {
                ws.delete(k);
            }
        });
        return ws;
    }

    /** The state root after these changes. */
    public Hash root() {
        if (base != root) {
            throw new IllegalStateException("merge a child overlay into its parent first");
        }
        return root.rootWith(changes);
    }
}
