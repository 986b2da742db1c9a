package io.bourse.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

// covers: C1 (the primitives of the canonical encoding)
class ReaderTest {

    @Property
    void primitivesRoundTrip(@ForAll long i64, @ForAll boolean b, @ForAll byte[] raw, @ForAll int u16) {
        int u = u16 & 0xFFFF;
        byte[] bytes = new Writer().i64(i64).bool(b).bytes(raw).u16(u).u32(0xFFFF_FFFFL).toByteArray();
        Reader r = new Reader(bytes);
        assertThat(r.i64("i64")).isEqualTo(i64);
        assertThat(r.bool("b")).isEqualTo(b);
        assertThat(r.bytes(Integer.MAX_VALUE, "raw")).isEqualTo(raw);
        assertThat(r.u16("u16")).isEqualTo(u);
        assertThat(r.u32("u32")).isEqualTo(0xFFFF_FFFFL);
        r.end("all");
    }

    @Test
    void integersAreBigEndian() {
        assertThat(new Writer().u32(0x01020304L).i64(5).toByteArray())
                .containsExactly(1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void aBooleanOtherThanZeroOrOneIsRefused() {
        assertThatThrownBy(() -> new Reader(new byte[] {2}).bool("flag")).isInstanceOf(CodecException.class)
                .hasMessageContaining("flag");
    }

    @Test
    void invalidOrOverlongUtf8IsRefused() {
        byte[] overlongSlash = new Writer().bytes(new byte[] {(byte) 0xC0, (byte) 0xAF}).toByteArray();
        assertThatThrownBy(() -> new Reader(overlongSlash).string(10, "s")).isInstanceOf(CodecException.class)
                .hasMessageContaining("UTF-8");
        byte[] encodedSurrogate = new Writer().bytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).toByteArray();
        assertThatThrownBy(() -> new Reader(encodedSurrogate).string(10, "s")).isInstanceOf(CodecException.class);
    }

    @Test
    void aLengthBeyondTheLimitOrTheInputIsRefusedBeforeAllocating() {
        byte[] huge = new Writer().u32(0xFFFF_FFFFL).toByteArray();
        assertThatThrownBy(() -> new Reader(huge).bytes(Integer.MAX_VALUE, "blob")).isInstanceOf(CodecException.class)
                .hasMessageContaining("blob");
        byte[] big = new Writer().u32(1000).toByteArray();
        assertThatThrownBy(() -> new Reader(big).bytes(100, "blob")).hasMessageContaining("limit 100");
        assertThatThrownBy(() -> new Reader(big).bytes(5000, "blob")).hasMessageContaining("needs 1000 bytes");
        assertThatThrownBy(() -> new Reader(big).list(5000, "items", r -> r.u8("x")))
                .isInstanceOf(CodecException.class).hasMessageContaining("cannot fit");
    }

    @Test
    void trailingBytesAreRefusedAtTopLevel() {
        assertThatThrownBy(() -> Reader.decodeAll(new byte[] {1, 2}, "thing", r -> r.u8("x")))
                .isInstanceOf(CodecException.class).hasMessageContaining("1 trailing bytes");
        List<Integer> items = Reader.decodeAll(new byte[] {0, 0, 0, 1, 7}, "list", r -> r.list(5, "l", rr -> rr.u8("x")));
        assertThat(items).containsExactly(7);
    }

    @Test
    void aConstructorRefusalBecomesACodecException() {
        assertThatThrownBy(() -> Reader.decodeAll(new byte[0], "thing", r -> {
            throw new IllegalArgumentException("bad field");
        })).isInstanceOf(CodecException.class).hasMessage("thing: bad field");
        assertThatThrownBy(() -> Reader.decodeAll(null, "thing", r -> 1)).isInstanceOf(CodecException.class);
    }
}
