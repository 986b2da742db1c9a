package io.bourse.core.state;

import io.bourse.core.types.Hash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
 *
 * <p>Implementation: besides the buckets (sorted, for hashing and scans) a hash index of every
 * entry serves point reads without hashing the key. A bucket is hashed from one buffer with a
 * single digest update; {@link #rootWith} merges the bucket's entries with the block's changes as
 * it encodes them, without copying the bucket. Neither depends on hash-map iteration order.
 */
public final class MerkleState implements StateReader {
    public static final int BITS = 12;
    public static final int BUCKETS = 1 << BITS;

    @SuppressWarnings("unchecked")
    private final TreeMap<Bytes, byte[]>[] buckets = new TreeMap[BUCKETS];
    /** Every entry, by key: point reads need no SHA-256 of the key. */
    private final HashMap<Bytes, byte[]> entries = new HashMap<>();
    /** Heap layout: node 1 is the root, leaves are BUCKETS..2*BUCKETS-1. */
    private final byte[][] tree = new byte[2 * BUCKETS][];

    public MerkleState() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new TreeMap<>();
            tree[BUCKETS + i] = Hash.ZERO.unsafeBytes();
        }
        MessageDigest md = Hash.sha256();
        for (int i = BUCKETS - 1; i >= 1; i--) {
            tree[i] = inner(md, tree[2 * i], tree[2 * i + 1]);
        }
    }

    static int bucketOf(MessageDigest md, Bytes key) {
        byte[] h = md.digest(key.unsafeValue());
        return ((h[0] & 0xFF) << 4) | ((h[1] & 0xFF) >>> 4);
    }

    @Override
    public Optional<byte[]> get(Bytes key) {
        byte[] v = entries.get(key);
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
        return entries.size();
    }

    public Hash root() {
        return new Hash(tree[1]);
    }

    /** Applies committed changes and updates the root. */
    public void apply(WriteSet changes) {
        boolean[] dirty = new boolean[BUCKETS];
        MessageDigest md = Hash.sha256();
        changes.changes().forEach((k, v) -> {
            int b = bucketOf(md, k);
            dirty[b] = true;
            if (v.isPresent()) {
                byte[] copy = v.get().clone();
                buckets[b].put(k, copy);
                entries.put(k, copy);
            } else {
                buckets[b].remove(k);
                entries.remove(k);
            }
        });
        Encoder enc = new Encoder();
        for (int b = 0; b < BUCKETS; b++) {
            if (dirty[b]) {
                enc.reset();
                buckets[b].forEach(enc::entry);
                tree[BUCKETS + b] = enc.hash(md);
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

    /** The root the state would have with {@code changes} applied, without applying them. */
    Hash rootWith(Map<Bytes, Optional<byte[]>> changes) {
        if (changes.isEmpty()) {
            return root();
        }
        MessageDigest md = Hash.sha256();
        @SuppressWarnings("unchecked")
        List<Map.Entry<Bytes, Optional<byte[]>>>[] byBucket = new List[BUCKETS];
        for (Map.Entry<Bytes, Optional<byte[]>> e : changes.entrySet()) {
            int b = bucketOf(md, e.getKey());
            if (byBucket[b] == null) {
                byBucket[b] = new ArrayList<>();
            }
            byBucket[b].add(e);
        }
        byte[][] t = tree.clone();
        boolean[] dirty = new boolean[BUCKETS];
        Encoder enc = new Encoder();
        for (int b = 0; b < BUCKETS; b++) {
            if (byBucket[b] != null) {
                byBucket[b].sort(Map.Entry.comparingByKey());
                enc.reset();
                merge(buckets[b], byBucket[b], enc);
                t[BUCKETS + b] = enc.hash(md);
                dirty[b] = true;
            }
        }
        rehash(t, dirty, md);
        return new Hash(t[1]);
    }

    /** Encodes {@code bucket} with {@code changes} (sorted by key) applied, in key order. */
    private static void merge(TreeMap<Bytes, byte[]> bucket, List<Map.Entry<Bytes, Optional<byte[]>>> changes,
                              Encoder enc) {
        Iterator<Map.Entry<Bytes, byte[]>> old = bucket.entrySet().iterator();
        Map.Entry<Bytes, byte[]> o = old.hasNext() ? old.next() : null;
        for (Map.Entry<Bytes, Optional<byte[]>> c : changes) {
            while (o != null && o.getKey().compareTo(c.getKey()) < 0) {
                enc.entry(o.getKey(), o.getValue());
                o = old.hasNext() ? old.next() : null;
            }
            if (o != null && o.getKey().equals(c.getKey())) {
                o = old.hasNext() ? old.next() : null;
            }
            c.getValue().ifPresent(v -> enc.entry(c.getKey(), v));
        }
        while (o != null) {
            enc.entry(o.getKey(), o.getValue());
            o = old.hasNext() ? old.next() : null;
        }
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

    /**
     * A bucket's bytes, {@code u32 len | key | u32 len | value} per entry in key order, in one
     * reusable buffer; its hash is {@link Hash#ZERO} when it holds no entry.
     */
    private static final class Encoder {
        private byte[] buf = new byte[4096];
        private int len;
        private int count;

        void reset() {
            len = 0;
            count = 0;
        }

        void entry(Bytes key, byte[] value) {
            byte[] k = key.unsafeValue();
            ensure(8 + k.length + value.length);
            u32(k.length);
            System.arraycopy(k, 0, buf, len, k.length);
            len += k.length;
            u32(value.length);
            System.arraycopy(value, 0, buf, len, value.length);
            len += value.length;
            count++;
        }

        byte[] hash(MessageDigest md) {
            if (count == 0) {
                return Hash.ZERO.unsafeBytes();
            }
            md.update(buf, 0, len);
            return md.digest();
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + more));
            }
        }

        private void u32(int v) {
            buf[len] = (byte) (v >>> 24);
            buf[len + 1] = (byte) (v >>> 16);
            buf[len + 2] = (byte) (v >>> 8);
            buf[len + 3] = (byte) v;
            len += 4;
        }
    }

    @Override
    public String toString() {
        return "MerkleState[" + size() + " entries, root " + root() + "]";
    }
}
