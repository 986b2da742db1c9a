package io.bourse.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Hex;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Checks that a decoder of untrusted bytes is total and canonical: it either refuses the bytes
 * with {@link CodecException} (and nothing else: no {@code IndexOutOfBounds}, no
 * {@code OutOfMemoryError}, no {@code StackOverflowError}), or accepts them and re-encodes them to
 * exactly the same bytes. The mutation generators aim at the places decoders go wrong: flipped
 * bits, cut and extended inputs and absurd length prefixes.
 */
public final class CodecChecks {
    /** What a decoder may allocate beyond a small multiple of its input. */
    public static final long ALLOCATION_SLACK = 2L * 1024 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private CodecChecks() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    /** decode(encode(x)) equals x and re-encoding gives the same bytes. */
    public static <T> void assertRoundTrip(T value, Function<T, byte[]> encode, Function<byte[], T> decode) {
        byte[] bytes = encode.apply(value);
        T back = decode.apply(bytes.clone());
        assertThat(back).isEqualTo(value);
        assertThat(encode.apply(back)).isEqualTo(bytes);
    }

    /**
     * Decodes {@code bytes}: a refusal must be a {@link CodecException}; an acceptance must
     * re-encode to the same bytes. Either way the decoder may not allocate more than
     * {@code 64 × input + }{@link #ALLOCATION_SLACK}.
     *
     * @return whether the bytes were accepted
     */
    public static <T> boolean assertRefusedCleanlyOrCanonical(byte[] bytes, Function<byte[], T> decode,
                                                             Function<T, byte[]> encode) {
        long before = allocated();
        T value;
        try {
            value = decode.apply(bytes.clone());
        } catch (CodecException e) {
            assertAllocationBounded(bytes, before);
            assertThat(e.getMessage()).isNotBlank();
            return false;
        } catch (Throwable t) {
            throw new AssertionError("decoding " + describe(bytes) + " threw " + t + " instead of a CodecException", t);
        }
        assertAllocationBounded(bytes, before);
        byte[] again = encode.apply(value);
        if (!Arrays.equals(again, bytes)) {
            fail("accepted a non-canonical encoding: " + describe(bytes) + " decodes to " + value
                    + " which encodes to " + describe(again));
        }
        return true;
    }

    private static long allocated() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static void assertAllocationBounded(byte[] input, long before) {
        if (THREADS == null) {
            return;
        }
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        long bound = 64L * input.length + ALLOCATION_SLACK;
        if (used > bound) {
            fail("decoding " + input.length + " bytes allocated " + used + " bytes (bound " + bound + ")");
        }
    }

    private static String describe(byte[] b) {
        return b.length + " bytes " + (b.length <= 96 ? Hex.encode(b) : Hex.encode(Arrays.copyOf(b, 96)) + "…");
    }

    // ------------------------------------------------------------------ mutations

    /** Encodings of generated values, each damaged in one way. */
    public static <T> Arbitrary<byte[]> mutated(Arbitrary<T> values, Function<T, byte[]> encode) {
        return values.map(encode).flatMap(CodecChecks::mutationsOf);
    }

    /** Random bytes, short and long, and encodings of generated values damaged in one way. */
    public static <T> Arbitrary<byte[]> hostile(Arbitrary<T> values, Function<T, byte[]> encode) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, CoreArbitraries.bytes(0, 300)),
                Tuple.of(6, mutated(values, encode)));
    }

    /** One damage to {@code valid}: a bit flip, a byte changed, cut, extended, a byte inserted or removed, or a huge u32. */
    public static Arbitrary<byte[]> mutationsOf(byte[] valid) {
        int n = valid.length;
        Arbitrary<byte[]> extended = CoreArbitraries.bytes(1, 16).map(tail -> concat(valid, tail));
        if (n == 0) {
            return extended;
        }
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, n - 1);
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, 8 * n - 1).map(bit -> {
            byte[] b = valid.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            return b;
        });
        Arbitrary<byte[]> changed = pos.flatMap(p -> Arbitraries.bytes().filter(x -> x != valid[p]).map(x -> {
            byte[] b = valid.clone();
            b[p] = x;
            return b;
        }));
        Arbitrary<byte[]> truncated = pos.map(len -> Arrays.copyOf(valid, len));
        Arbitrary<byte[]> removed = pos.map(p -> concat(Arrays.copyOf(valid, p), Arrays.copyOfRange(valid, p + 1, n)));
        Arbitrary<byte[]> inserted = Arbitraries.integers().between(0, n).flatMap(p -> Arbitraries.bytes().map(x ->
                concat(concat(Arrays.copyOf(valid, p), new byte[] {x}), Arrays.copyOfRange(valid, p, n))));
        Arbitrary<byte[]> hugeLength = n < 4 ? flipped : Arbitraries.integers().between(0, n - 4).flatMap(p ->
                Arbitraries.of(0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 0x00FF_FFFFL, 0x0001_0000L, (long) n, n + 1L)
                        .map(v -> {
                            byte[] b = valid.clone();
                            b[p] = (byte) (v >>> 24);
                            b[p + 1] = (byte) (v >>> 16);
                            b[p + 2] = (byte) (v >>> 8);
                            b[p + 3] = (byte) (long) v;
                            return b;
                        }));
        return Arbitraries.frequencyOf(
                Tuple.of(3, flipped),
                Tuple.of(2, changed),
                Tuple.of(2, truncated),
                Tuple.of(1, extended),
                Tuple.of(1, removed),
                Tuple.of(1, inserted),
                Tuple.of(3, hugeLength));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
