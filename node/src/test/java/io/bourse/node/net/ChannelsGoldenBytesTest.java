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

    static final String SYNC_REQUEST = "000000000000000c00000040";
    static final String SYNC_RESPONSE = "0000000100000126010000000b626f757273652d74657374000000000000000ce47125968b3b71049fbc4802d1e40a71"
            + " len=642 sha256=0c01b5a2fffa95793e4af68e6b6915072cab4f7a2821f6ba22f7e5040aa7c324";
}
