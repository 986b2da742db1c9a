package io.bourse.core.block;

import static io.bourse.core.testing.CodecChecks.assertRefusedCleanlyOrCanonical;
import static io.bourse.core.testing.CodecChecks.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.codec.CodecException;
import io.bourse.core.testing.CodecChecks;
import io.bourse.core.testing.CoreArbitraries;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

// covers: C1 (canonical encoding of headers, blocks and certificates), C3, C4
class BlockCodecTest {

    @Property(tries = 300)
    void headerRoundTrips(@ForAll("headers") BlockHeader h) {
        assertRoundTrip(h, BlockHeader::toBytes, BlockHeader::fromBytes);
        assertThat(BlockHeader.fromBytes(h.toBytes()).hash()).isEqualTo(h.hash());
    }

    @Property(tries = 300)
    void certificateRoundTrips(@ForAll("certificates") QuorumCertificate qc) {
        assertRoundTrip(qc, QuorumCertificate::toBytes, QuorumCertificate::fromBytes);
    }

    @Property(tries = 200)
    void blockRoundTrips(@ForAll("blocks") Block b) {
        assertRoundTrip(b, Block::toBytes, Block::fromBytes);
    }

    @Property(tries = 1000)
    void damagedHeadersAreRefusedCleanlyOrAreCanonical(@ForAll("damagedHeaders") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, BlockHeader::fromBytes, BlockHeader::toBytes);
    }

    @Property(tries = 1000)
    void damagedCertificatesAreRefusedCleanlyOrAreCanonical(@ForAll("damagedCertificates") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, QuorumCertificate::fromBytes, QuorumCertificate::toBytes);
    }

    @Property(tries = 1000)
    void damagedBlocksAreRefusedCleanlyOrAreCanonical(@ForAll("damagedBlocks") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, Block::fromBytes, Block::toBytes);
    }

    @Property(tries = 100)
    void sealsAreSortedWhateverTheConstructionOrder(@ForAll("certificates") QuorumCertificate qc) {
        List<CommitSeal> reversed = new java.util.ArrayList<>(qc.seals());
        java.util.Collections.reverse(reversed);
        QuorumCertificate again = new QuorumCertificate(qc.height(), qc.round(), qc.blockHash(), reversed);
        assertThat(again.toBytes()).isEqualTo(qc.toBytes());
    }

    @Test
    void unsortedSealsOnTheWireAreRefused() {
        QuorumCertificate qc = CoreArbitraries.certificates().filter(c -> c.seals().size() >= 2).sample();
        byte[] b = qc.toBytes();
        int first = 8 + 4 + 32 + 4;
        byte[] swapped = b.clone();
        System.arraycopy(b, first, swapped, first + 96, 96);
        System.arraycopy(b, first + 96, swapped, first, 96);
        assertThatThrownBy(() -> QuorumCertificate.fromBytes(swapped)).isInstanceOf(CodecException.class)
                .hasMessageContaining("sorted");
    }

    @Test
    void aDuplicatedSealOnTheWireIsRefused() {
        QuorumCertificate qc = CoreArbitraries.certificates().filter(c -> c.seals().size() >= 2).sample();
        byte[] b = qc.toBytes();
        int first = 8 + 4 + 32 + 4;
        byte[] dup = b.clone();
        System.arraycopy(b, first, dup, first + 96, 96);
        assertThatThrownBy(() -> QuorumCertificate.fromBytes(dup)).isInstanceOf(CodecException.class);
    }

    @Test
    void unknownHeaderVersionAndKindAreRefused() {
        BlockHeader h = CoreArbitraries.headers().sample();
        byte[] b = h.toBytes();
        byte[] v2 = b.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> BlockHeader.fromBytes(v2)).isInstanceOf(CodecException.class)
                .hasMessageContaining("version 2");
        byte[] kind = b.clone();
        kind[kind.length - 1] = (byte) BlockKind.values().length;
        assertThatThrownBy(() -> BlockHeader.fromBytes(kind)).isInstanceOf(CodecException.class)
                .hasMessageContaining("kind");
    }

    @Test
    void aRoundBeyondIntIsRefused() {
        QuorumCertificate qc = new QuorumCertificate(BlockHeight.of(3), 0, Hash.ZERO, List.of());
        byte[] b = qc.toBytes();
        Arrays.fill(b, 8, 12, (byte) 0xFF);
        assertThatThrownBy(() -> QuorumCertificate.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("round");
    }

    @Test
    void anOversizedBlockIsRefusedBeforeDecoding() {
        byte[] huge = new byte[Block.MAX_BYTES + 1];
        assertThatThrownBy(() -> Block.fromBytes(huge)).isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Provide Arbitrary<BlockHeader> headers() { return CoreArbitraries.headers(); }
    @Provide Arbitrary<QuorumCertificate> certificates() { return CoreArbitraries.certificates(); }
    @Provide Arbitrary<Block> blocks() { return CoreArbitraries.blocks(); }

    @Provide
    Arbitrary<byte[]> damagedHeaders() {
        return CodecChecks.hostile(CoreArbitraries.headers(), BlockHeader::toBytes);
    }

    @Provide
    Arbitrary<byte[]> damagedCertificates() {
        return CodecChecks.hostile(CoreArbitraries.certificates(), QuorumCertificate::toBytes);
    }

    @Provide
    Arbitrary<byte[]> damagedBlocks() {
        return CodecChecks.hostile(CoreArbitraries.blocks(), Block::toBytes);
    }
}
