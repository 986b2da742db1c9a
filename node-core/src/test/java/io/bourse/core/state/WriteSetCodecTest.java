package io.bourse.core.state;

import static io.bourse.core.testing.CodecChecks.assertRefusedCleanlyOrCanonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Writer;
import io.bourse.core.testing.CodecChecks;
import io.bourse.core.testing.CoreArbitraries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

// covers: O3 (the write set stored with its block has one encoding)
class WriteSetCodecTest {

    /** WriteSet has no equals: compare the changes, values by content. */
    static Map<Bytes, Optional<Bytes>> view(WriteSet ws) {
        Map<Bytes, Optional<Bytes>> out = new LinkedHashMap<>();
        ws.changes().forEach((k, v) -> out.put(k, v.map(Bytes::of)));
        return out;
    }

    @Property(tries = 300)
    void writeSetRoundTrips(@ForAll("writeSets") WriteSet ws) {
        byte[] bytes = ws.toBytes();
        WriteSet back = WriteSet.fromBytes(bytes);
        assertThat(view(back)).containsExactlyEntriesOf(view(ws));
        assertThat(back.toBytes()).isEqualTo(bytes);
    }

    @Property(tries = 1000)
    void damagedWriteSetsAreRefusedCleanlyOrAreCanonical(@ForAll("damagedWriteSets") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, WriteSet::fromBytes, WriteSet::toBytes);
    }

    @Test
    void unsortedOrRepeatedKeysAreRefused() {
        byte[] unsorted = new Writer().u32(2)
                .bytes(new byte[] {2}).bool(false)
                .bytes(new byte[] {1}).bool(false).toByteArray();
        assertThatThrownBy(() -> WriteSet.fromBytes(unsorted)).isInstanceOf(CodecException.class)
                .hasMessageContaining("sorted");
        byte[] repeated = new Writer().u32(2)
                .bytes(new byte[] {1}).bool(false)
                .bytes(new byte[] {1}).bool(true).bytes(new byte[] {9}).toByteArray();
        assertThatThrownBy(() -> WriteSet.fromBytes(repeated)).isInstanceOf(CodecException.class);
    }

    @Provide Arbitrary<WriteSet> writeSets() { return CoreArbitraries.writeSets(); }

    @Provide
    Arbitrary<byte[]> damagedWriteSets() {
        return CodecChecks.hostile(CoreArbitraries.writeSets(), WriteSet::toBytes);
    }
}
