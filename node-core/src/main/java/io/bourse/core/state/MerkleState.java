package io.bourse.core.state;

import io.bourse.core.types.Hash;
import java.security.MessageDigest;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The committed state, in memory, with its root.
 *
 * <p>Structure (docs/storage.md): every key falls into one of {@value #BUCKETS} buckets by the
 * first 12 bits of SHA-256(key). A bucket's hash is SHA-256 over its entries in key order
 * ({@code u32 len | key | u32 len | value} each), or {@link Hash#ZERO} when empty. The root is a
 * complete binary Merkle tree over the bucket hashes (inner node = SHA-256(0x01 || left || right)).
 * A block rehashes only the buckets it touched and the 12 tree nodes above each, so the cost of the
 * root grows with the block, not with the state. A bucket hash plus its 12 siblings is a proof of
 * any entry's presence or absence.
 */
public final class MerkleState implements StateReader {
    public static final int BITS = 12;
    public static final int BUCKETS = 1 << BITS;

    @SuppressWarnings("unchecked")
    private final TreeMap<Bytes, byte[]>[] buckets = new TreeMap[BUCKETS];
    /** Heap layout: node 1 is the root, leaves are BUCKETS..2*BUCKETS-1. */
    private final byte[][] tree = new byte[2 * BUCKETS][];
    private int size;

    public MerkleState() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new TreeMap<>();
            tree[BUCKETS + i] = Hash.ZERO.unsafeBytes();
        }
        for (int i = BUCKETS - 1; i >= 1; i--) {
            tree[i] = inner(Hash.sha256(), tree[2 * i], tree[2 * i + 1]);
        }
    }

    static int bucketOf(Bytes key) {
        byte[] h = Hash.sha256().digest(key.unsafeValue());
        return ((h[0] & 0xFF) << 4) | ((h[1] & 0xFF) >>> 4);
    }

    @Override
    public Optional<byte[]> get(Bytes key) {
        byte[] v = buckets[bucketOf(key)].get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public NavigableMap<Bytes, byte[]> scan(Bytes prefix) {
        TreeMap<Bytes, byte[]> out = new TreeMap<>();
        byte[] p = prefix.unsafeValue();
        for (TreeMap<Bytes, byte[]> bucket : buckets) {
            for (Map.Entry<Bytes, byte[]> e : bucket.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(p)) {
                    break;
                }
                out.put(e.getKey(), e.getValue().clone());
            }
        }
        return out;
    }

    public int size() {
        return size;
    }

    public Hash root() {
        return new Hash(tree[1]);
    }

    /** Applies committed changes and updates the root. */
    public void apply(WriteSet changes) {
        boolean[] dirty = new boolean[BUCKETS];
        changes.changes().forEach((k, v) -> {
            int b = bucketOf(k);
            dirty[b] = true;
            byte[] old = v.isPresent() ? buckets[b].put(k, v.get().clone()) : buckets[b].remove(k);
            if (old == null && v.isPresent()) {
                size++;
            } else if (old != null && v.isEmpty()) {
                size--;
            }
        });
        MessageDigest md = Hash.sha256();
        for (int b = 0; b < BUCKETS; b++) {
            if (dirty[b]) {
                tree[BUCKETS + b] = bucketHash(md, buckets[b]);
            }
        }
        rehash(tree, dirty, md);
    }

    /** Every entry in key order within each bucket (bucket order otherwise): for persistence. */
    public void forEach(BiConsumer<Bytes, byte[]> visitor) {
        for (TreeMap<Bytes, byte[]> bucket : buckets) {
            bucket.forEach((k, v) -> visitor.accept(k, v.clone()));
        }
    }

    /** The root the state would have with {@code overlay}'s changes applied, without applying them. */
    Hash rootWith(Map<Bytes, Optional<byte[]>> changes) {
        if (changes.isEmpty()) {
            return root();
        }
        TreeMap<Integer, TreeMap<Bytes, Optional<byte[]>>> byBucket = new TreeMap<>();
        changes.forEach((k, v) -> byBucket.computeIfAbsent(bucketOf(k), x -> new TreeMap<>()).put(k, v));
        byte[][] t = tree.clone();
        boolean[] dirty = new boolean[BUCKETS];
        MessageDigest md = Hash.sha256();
        byBucket.forEach((b, ch) -> {
            TreeMap<Bytes, byte[]> merged = new TreeMap<>(buckets[b]);
            ch.forEach((k, v) -> {
                if (v.isPresent()) {
                    merged.put(k, v.get());
                } else {
                    merged.remove(k);
                }
            });
            t[BUCKETS + b] = bucketHash(md, merged);
            dirty[b] = true;
        });
        rehash(t, dirty, md);
        return new Hash(t[1]);
    }

    private static void rehash(byte[][] t, boolean[] dirtyLeaves, MessageDigest md) {
        boolean[] dirty = new boolean[2 * BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            if (dirtyLeaves[b]) {
                dirty[(BUCKETS + b) >>> 1] = true;
            }
        }
        for (int i = BUCKETS - 1; i >= 1; i--) {
            if (dirty[i]) {
                t[i] = inner(md, t[2 * i], t[2 * i + 1]);
                dirty[i >>> 1] = true;
            }
        }
    }

    private static byte[] inner(MessageDigest md, byte[] l, byte[] r) {
        md.update((byte) 1);
        md.update(l);
        md.update(r);
        return md.digest();
    }

    private static byte[] bucketHash(MessageDigest md, TreeMap<Bytes, byte[]> bucket) {
        if (bucket.isEmpty()) {
            return Hash.ZERO.unsafeBytes();
        }
        byte[] len = new byte[4];
        for (Map.Entry<Bytes, byte[]> e : bucket.entrySet()) {
            md.update(u32(len, e.getKey().unsafeValue().length));
            md.update(e.getKey().unsafeValue());
            md.update(u32(len, e.getValue().length));
            md.update(e.getValue());
        }
        return md.digest();
    }

    private static byte[] u32(byte[] buf, int v) {
        buf[0] = (byte) (v >>> 24);
        buf[1] = (byte) (v >>> 16);
        buf[2] = (byte) (v >>> 8);
        buf[3] = (byte) v;
        return buf;
    }

    @Override
    public String toString() {
        return "MerkleState[" + size + " entries, root " + root() + "]";
    }

}
