package io.bourse.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Appends values in the canonical encoding (see docs/encoding.md): big-endian fixed-width
 * integers, booleans as 0/1, byte strings and UTF-8 strings as a u32 length then the bytes, lists as
 * a u32 count then the items. There is exactly one byte form per value.
 */
public final class Writer {
    private byte[] buf;
    private int len;

    public Writer() {
        this(128);
    }

    public Writer(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public Writer u8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public Writer bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public Writer u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public Writer u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    /** A signed 64-bit integer, two's complement, big-endian. */
    public Writer i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Raw bytes of a length both sides know (hashes, keys, signatures). */
    public Writer fixed(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    public Writer bytes(byte[] bytes) {
        u32(bytes.length);
        return fixed(bytes);
    }

    /** @throws IllegalArgumentException for text UTF-8 cannot carry (an unpaired surrogate) */
    public Writer string(String s) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("text is not valid Unicode (unpaired surrogate)");
        }
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public <T> Writer list(List<T> items, BiConsumer<Writer, T> item) {
        u32(items.size());
        for (T t : items) {
            item.accept(this, t);
        }
        return this;
    }

    public Writer write(Encodable value) {
        value.encode(this);
        return this;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
