package io.bourse.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the canonical encoding from untrusted bytes. Every read checks the bytes that remain and
 * the caller's limit before it allocates, so a hostile length prefix can neither throw anything
 * but {@link CodecException} nor allocate more than the limit. Non-canonical forms (a boolean
 * other than 0/1, invalid UTF-8, trailing bytes) are refused.
 */
public final class Reader {
    private final byte[] data;
    private int pos;

    public Reader(byte[] data) {
        this.data = data;
    }

    public int remaining() {
        return data.length - pos;
    }

    /** Bytes read so far. */
    public int position() {
        return pos;
    }

    /** A copy of the input between two positions already read (a decoded value's own bytes). */
    public byte[] copyOfRead(int from, int to) {
        if (from < 0 || from > to || to > pos) {
            throw new IllegalArgumentException("bytes " + from + ".." + to + " not read yet (at " + pos + ")");
        }
        return java.util.Arrays.copyOfRange(data, from, to);
    }

    private void need(int n, String what) {
        if (n < 0 || n > data.length - pos) {
            throw new CodecException(what + ": needs " + n + " bytes, " + remaining() + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    public boolean bool(String what) {
        int v = u8(what);
        if (v > 1) {
            throw new CodecException(what + ": boolean must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    public int u16(String what) {
        need(2, what);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public long u32(String what) {
        need(4, what);
        long v = ((long) (data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16)
                | ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long i64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[pos++] & 0xFF);
        }
        return v;
    }

    /** A non-negative 64-bit integer (heights, nonces, amounts). */
    public long u63(String what) {
        long v = i64(what);
        if (v < 0) {
            throw new CodecException(what + ": must not be negative, got " + v);
        }
        return v;
    }

    public byte[] fixed(int n, String what) {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public byte[] bytes(int maxLength, String what) {
        long n = u32(what + " length");
        if (n > maxLength) {
            throw new CodecException(what + ": length " + n + " exceeds the limit " + maxLength);
        }
        return fixed((int) n, what);
    }

    public String string(int maxBytes, String what) {
        byte[] raw = bytes(maxBytes, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(what + ": not valid UTF-8");
        }
    }

    public <T> List<T> list(int maxItems, String what, Function<Reader, T> item) {
        long n = u32(what + " count");
        if (n > maxItems) {
            throw new CodecException(what + ": " + n + " items exceed the limit " + maxItems);
        }
        // every item takes at least one byte: a count larger than what is left is a lie
        if (n > remaining()) {
            throw new CodecException(what + ": " + n + " items cannot fit in " + remaining() + " bytes");
        }
        List<T> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add(item.apply(this));
        }
        return Collections.unmodifiableList(out);
    }

    /** Refuses trailing bytes: a top-level value must use all of its input. */
    public void end(String what) {
        if (pos != data.length) {
            throw new CodecException(what + ": " + remaining() + " trailing bytes");
        }
    }

    /**
     * Decodes a whole byte array with {@code decoder}, turning any stray runtime failure of a
     * validating constructor into a {@link CodecException} so that callers see one exception type.
     */
    public static <T> T decodeAll(byte[] bytes, String what, Function<Reader, T> decoder) {
        if (bytes == null) {
            throw new CodecException(what + ": no bytes");
        }
        Reader r = new Reader(bytes);
        T value;
        try {
            value = decoder.apply(r);
        } catch (CodecException e) {
            throw e;
        } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
            throw new CodecException(what + ": " + e.getMessage());
        }
        r.end(what);
        return value;
    }
}
