package io.bourse.consensus;

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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wire bytes of every consensus message stay what they are: a change splits every running
 * network into nodes that can and cannot read each other. Votes are pinned whole; messages that
 * carry a block are pinned by their first bytes, length and SHA-256 (the block's own bytes are
 * pinned in node-core's BlockGoldenBytesTest).
 */
// covers: C3, C8
class ConsensusGoldenBytesTest {
    static final io.bourse.core.crypto.KeyPair KEY = TestKeys.key(3);

    @Test
    void aPrepareKeepsItsPinnedBytes() {
        Golden.assertHex("prepare", ConsensusCodec.encode(
                ConsensusMessage.Prepare.sign(KEY, GoldenSamples.CHAIN, 12, 1, GoldenSamples.hash("block"))), PREPARE);
    }

    @Test
    void aCommitKeepsItsPinnedBytes() {
        Golden.assertHex("commit", ConsensusCodec.encode(
                ConsensusMessage.Commit.sign(KEY, GoldenSamples.CHAIN, 12, 1, GoldenSamples.hash("block"))), COMMIT);
    }

    @Test
    void aRoundChangeKeepsItsPinnedBytes() {
        Golden.assertHex("round change", ConsensusCodec.encode(
                ConsensusMessage.RoundChange.sign(KEY, GoldenSamples.CHAIN, 12, 2, Optional.empty())), ROUND_CHANGE);
    }

    static final String PREPARE = "02000000000000000c00000001496aca80e4d8f29fb8e8cd816c3afb48d3f103970b3a2ee1600c08ca67326dee37b51d"
            + "e75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f892102e6078924944e11f59a19319797a1b7e9c495b"
            + "dfbcc0c3de12d0b94701c3cc4e95b6a999f1fa76f8ac1b607f027ecccfd45e470e899d9e24ad699167a8ead70e";
    static final String COMMIT = "03000000000000000c00000001496aca80e4d8f29fb8e8cd816c3afb48d3f103970b3a2ee1600c08ca67326dee37b51d"
            + "e75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210f31d1323347227d75cd40fd23ba9170092049c"
            + "5293ffdbfa55597dfa804c6a8304655f4a184cb749b53ed7ef21727d8d32e66658c02c42513e8c5a716154330d";
    static final String ROUND_CHANGE = "04000000000000000c0000000237b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210ed2bf1"
            + "d84c5b803f317df2faa18ae9358591c9749524a76641bd6cfccd14e361cb816f417404ecb1f45c95dadc33061136480c"
            + "1f5d8411f5a248230de90c160700";

    /** A proposal, a round change with a prepared certificate, a justified proposal and a final block. */
    @Test
    void messagesCarryingABlockKeepTheirPinnedBytes() {
        Block block = TestBlocks.normal(12, GoldenSamples.hash("parent"), Optional.empty(), List.of());
        var chain = GoldenSamples.CHAIN;
        List<ConsensusMessage.Prepare> prepares = List.of(0, 1, 2).stream()
                .map(i -> ConsensusMessage.Prepare.sign(TestKeys.key(i), chain, 12, 0, block.hash())).toList();
        ConsensusMessage.RoundChange locked = ConsensusMessage.RoundChange.sign(KEY, chain, 12, 1,
                Optional.of(new PreparedCertificate(0, block, prepares)));
        QuorumCertificate qc = TestBlocks.certify(chain, List.of(TestKeys.key(0), TestKeys.key(1), TestKeys.key(2)),
                BlockHeight.of(12), 0, block.hash());
        Map<String, String> actual = new TreeMap<>();
        actual.put("proposal", summary(ConsensusMessage.Proposal.sign(KEY, chain, 12, 0, block, List.of())));
        actual.put("round change with a prepared certificate", summary(locked));
        actual.put("justified proposal", summary(ConsensusMessage.Proposal.sign(KEY, chain, 12, 1, block, List.of(locked))));
        actual.put("final block", summary(new ConsensusMessage.FinalBlock(block, qc)));
        assertThat(actual).as("consensus encodings changed (docs/encoding.md)").isEqualTo(BLOCK_CARRYING);
    }

    /** First 48 bytes in hex, the length and the SHA-256 of the whole encoding. */
    static String summary(ConsensusMessage m) {
        byte[] b = ConsensusCodec.encode(m);
        return Hex.encode(Arrays.copyOf(b, Math.min(48, b.length))) + " len=" + b.length + " sha256=" + Hash.of(b).hex();
    }

    static final Map<String, String> BLOCK_CARRYING = Map.of(
            "final block",
            "0500000126010000000b626f757273652d74657374000000000000000ce47125968b3b71049fbc4802d1e40a71ea1359"
                    + " len=635 sha256=20fd1dedd7f7c09288fcc52d5c40c5c628ed82729251f45640d78a1f7b293de8",
            "justified proposal",
            "01000000000000000c0000000137b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f892104e1c4b"
                    + " len=1246 sha256=2c47faab1630cb7e80d104bb7b7ad2ed1196572eff16a8b9a67ae1feb84e8a20",
            "proposal",
            "01000000000000000c0000000037b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f892106e09d1"
                    + " len=411 sha256=5a27ecb1883c6b7bf7abd8fde6b3ccae421f078c7d202c728dc6851a17e1d769",
            "round change with a prepared certificate",
            "04000000000000000c0000000137b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210aabaf5"
                    + " len=836 sha256=aa69926ea167bdccd299fa92e3044c1850af13cf4cfe630aabacdf48c3598408");
}
