package io.bourse.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.Hex;
import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestBlocks;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catch-up channels' payloads (docs/protocol.md) keep their bytes: old and new nodes must read each other. */
// covers: C11
class ChannelsGoldenBytesTest {
    @Test
    void aSyncRequestKeepsItsPinnedBytes() {
        Golden.assertHex("sync request", new Channels.SyncRequest(12, 64).toBytes(), SYNC_REQUEST);
        assertThat(Channels.SyncRequest.fromBytes(Hex.decode(SYNC_REQUEST))).isEqualTo(new Channels.SyncRequest(12, 64));
    }

    @Test
    void aSyncResponseKeepsItsPinnedBytes() {
        Block block = TestBlocks.normal(12, GoldenSamples.hash("parent"), Optional.empty(), List.of());
        QuorumCertificate qc = TestBlocks.certify(GoldenSamples.CHAIN, List.of(TestKeys.key(0), TestKeys.key(1),
                TestKeys.key(2)), BlockHeight.of(12), 0, block.hash());
        byte[] b = Channels.syncResponse(List.of(new Channels.Certified(block, qc)));
        assertThat(Hex.encode(Arrays.copyOf(b, 48)) + " len=" + b.length + " sha256=" + Hash.of(b).hex())
                .as("sync response encoding changed").isEqualTo(SYNC_RESPONSE);
        assertThat(Channels.parseSyncResponse(b)).containsExactly(new Channels.Certified(block, qc));
    }

    @Test
    void aCommitmentsBatchKeepsItsPinnedBytes() {
        byte[] b = Channels.commitmentBatches(List.of(new byte[] {1, 2, 3}, new byte[] {(byte) 0xff}), 10, 1000).get(0);
        Golden.assertHex("commitments batch", b, "00000002" + "00000003010203" + "00000001ff");
        assertThat(Channels.parseCommitments(b)).containsExactly(new byte[] {1, 2, 3}, new byte[] {(byte) 0xff});
    }

    @Test
    void commitmentBatchesSplitByCountAndBytesAndKeepOrder() {
        List<byte[]> items = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(new byte[] {(byte) i, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        assertThat(Channels.commitmentBatches(items, 2, 1 << 20)).extracting(f -> Channels.parseCommitments(f).size())
                .containsExactly(2, 2, 1);
        // 4 + 2 × (4 + 10) = 32 bytes hold two items; a third would exceed
        List<byte[]> byBytes = Channels.commitmentBatches(items, 100, 32);
        assertThat(byBytes).extracting(f -> Channels.parseCommitments(f).size()).containsExactly(2, 2, 1);
        assertThat(byBytes.stream().flatMap(f -> Channels.parseCommitments(f).stream()).map(x -> (int) x[0]))
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(Channels.commitmentBatches(List.of(new byte[100]), 10, 32)).as("an item larger than the limit goes alone")
                .hasSize(1);
        assertThat(Channels.commitmentBatches(List.of(), 10, 32)).isEmpty();
    }

    @Test
    void aCommitmentsPayloadWithTooManyItemsOrTrailingBytesIsRefused() {
        byte[] tooMany = new io.bourse.core.codec.Writer(4).u32(Channels.MAX_COMMITMENTS + 1).toByteArray();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Channels.parseCommitments(tooMany))
                .isInstanceOf(io.bourse.core.codec.CodecException.class).hasMessageContaining("commitments");
        byte[] trailing = Hex.decode("0000000100000001ff00");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Channels.parseCommitments(trailing))
                .isInstanceOf(io.bourse.core.codec.CodecException.class);
    }

    static final String SYNC_REQUEST = "000000000000000c00000040";
    static final String SYNC_RESPONSE = "0000000100000126010000000b626f757273652d74657374000000000000000ce47125968b3b71049fbc4802d1e40a71"
            + " len=642 sha256=0c01b5a2fffa95793e4af68e6b6915072cab4f7a2821f6ba22f7e5040aa7c324";
}
