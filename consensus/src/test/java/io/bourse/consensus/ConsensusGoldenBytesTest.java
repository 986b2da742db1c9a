package io.bourse.consensus;

import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestKeys;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire bytes of the signed votes stay what they are: a change forks every running network. */
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
}
