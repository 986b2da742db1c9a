package io.bourse.core.state;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state changes one block causes, in key order: a value, or a deletion. Storage writes it in
 * the same atomic batch as the block (O3).
 *
 * <pre>  u32 n | (bytes key | u8 present | [bytes value]) * n  </pre>
 */
public final class WriteSet {
    public static final int MAX_KEY = 1024;
    public static final int MAX_VALUE = 16 * 1024 * 1024;

    private final TreeMap<Bytes, Optional<byte[]>> changes = new TreeMap<>();

    public void put(Bytes key, byte[] value) {
        changes.put(key, Optional.of(value.clone()));
    }

    public void delete(Bytes key) {
        changes.put(key, Optional.empty());
    }

    /** Empty optional: deleted. Absent key: untouched. */
    public NavigableMap<Bytes, Optional<byte[]>> changes() {
        return Collections.unmodifiableNavigableMap(changes);
    }

    public int size() {
        return changes.size();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public void encode(Writer w) {
        w.u32(changes.size());
        changes.forEach((k, v) -> {
            w.bytes(k.unsafeValue());
            w.bool(v.isPresent());
            v.ifPresent(w::bytes);
        });
    }

    public byte[] toBytes() {
        Writer w = new Writer(64 * changes.size() + 8);
        encode(w);
        return w.toByteArray();
    }

    public static WriteSet decode(Reader r) {
        WriteSet ws = new WriteSet();
        long n = r.u32("write set size");
        if (n > r.remaining()) {
            throw new io.bourse.core.codec.CodecException("write set: " + n + " entries cannot fit");
        }
        Bytes prev = null;
        for (long i = 0; i < n; i++) {
            Bytes k = new Bytes(r.bytes(MAX_KEY, "state key"));
            if (prev != null && prev.compareTo(k) >= 0) {
                throw new io.bourse.core.codec.CodecException("write set keys must be sorted and unique");
            }
            prev = k;
            if (r.bool("present")) {
                ws.changes.put(k, Optional.of(r.bytes(MAX_VALUE, "state value")));
            } else {
                ws.changes.put(k, Optional.empty());
            }
        }
        return ws;
    }

    public static WriteSet fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "write set", WriteSet::decode);
    }
}
