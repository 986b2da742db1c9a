package io.bourse.core.block;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.WriteSet;
import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestBlocks;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.testing.TestParameters;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the canonical bytes of block headers of every kind, a quorum certificate with its commit
 * seals, a whole block, a write set and a genesis (its block, its parameters hash and its state).
 * The constants were taken from the encoding as it is; a failure here means a format changed.
 */
class BlockGoldenBytesTest {
    private static final Map<BlockKind, String> HEADERS = Map.ofEntries(
            entry(BlockKind.GENESIS, "010000000d626f757273652d676f6c64656e00000000000000054cba8e2eef0ecd59c221f66df6"
                    + "c870bb4509dac7a948d3b69d2582bfaa9058b70000018bcfe57b88e5f35b8e70f287d015dc96abc6b1666a8d349452"
                    + "f7a326035fbaf2eb89c0d3ee0e5427e3097069d0a6854d8743bc1b5a8129b6ae4f2238526cbfadac8da24ca740d94a"
                    + "e34a0e7ac3ac07317c29ca68554c0d6e9b028d6ad524a679bd97387149b37eafe353cc5368ab8e6c80fa0513b4385d"
                    + "27c0ab7a2a5ac8ccdfdac22e5824d3d2aa19a801e87c47470c06a4a0d915882407401bf03101ed514df90bc72b9d00"),
            entry(BlockKind.NORMAL, "010000000d626f757273652d676f6c64656e00000000000000054cba8e2eef0ecd59c221f66df6c8"
                    + "70bb4509dac7a948d3b69d2582bfaa9058b70000018bcfe57b88e5f35b8e70f287d015dc96abc6b1666a8d349452f7"
                    + "a326035fbaf2eb89c0d3ee0e5427e3097069d0a6854d8743bc1b5a8129b6ae4f2238526cbfadac8da24ca740d94ae3"
                    + "4a0e7ac3ac07317c29ca68554c0d6e9b028d6ad524a679bd97387149b37eafe353cc5368ab8e6c80fa0513b4385d27"
                    + "c0ab7a2a5ac8ccdfdac22e5824d3d2aa19a801e87c47470c06a4a0d915882407401bf03101ed514df90bc72b9d01"),
            entry(BlockKind.SPECIAL, "010000000d626f757273652d676f6c64656e00000000000000054cba8e2eef0ecd59c221f66df6"
                    + "c870bb4509dac7a948d3b69d2582bfaa9058b70000018bcfe57b88e5f35b8e70f287d015dc96abc6b1666a8d349452"
                    + "f7a326035fbaf2eb89c0d3ee0e5427e3097069d0a6854d8743bc1b5a8129b6ae4f2238526cbfadac8da24ca740d94a"
                    + "e34a0e7ac3ac07317c29ca68554c0d6e9b028d6ad524a679bd97387149b37eafe353cc5368ab8e6c80fa0513b4385d"
                    + "27c0ab7a2a5ac8ccdfdac22e5824d3d2aa19a801e87c47470c06a4a0d915882407401bf03101ed514df90bc72b9d02"));

    private static final BlockHeight HEIGHT = BlockHeight.of(5);
    private static final Timestamp TIME = Timestamp.ofMillis(1_700_000_005_000L);

    private static QuorumCertificate parentCertificate() {
        return TestBlocks.certify(GoldenSamples.CHAIN, TestKeys.keys(3), BlockHeight.of(4), 1,
                GoldenSamples.hash("golden/block-4"));
    }

    @Test
    void aHeaderOfEveryBlockKindKeepsItsPinnedBytes() {
        assertThat(HEADERS.keySet()).containsExactlyInAnyOrder(BlockKind.values());
        for (BlockKind kind : List.of(BlockKind.values())) {
            BlockHeader h = new BlockHeader(GoldenSamples.CHAIN, HEIGHT, GoldenSamples.hash("golden/block-4"), TIME,
                    TestKeys.key(0).publicKey(), GoldenSamples.hash("golden/params"),
                    GoldenSamples.hash("golden/certificate"), GoldenSamples.hash("golden/commitments"),
                    GoldenSamples.hash("golden/state"), kind);
            Golden.assertHex("header " + kind, h.toBytes(), HEADERS.get(kind));
            assertThat(BlockHeader.fromBytes(h.toBytes())).isEqualTo(h);
        }
    }

    @Test
    void aQuorumCertificateAndItsCommitSealsKeepTheirPinnedBytes() {
        QuorumCertificate qc = parentCertificate();
        byte[] message = QuorumCertificate.signedMessage(qc.height(), qc.round(), qc.blockHash());
        Golden.assertHex("commit seal message", message,
                "0000000000000004000000014cba8e2eef0ecd59c221f66df6c870bb4509dac7a948d3b69d2582bfaa9058b7");
        Golden.assertHex("first commit seal", qc.seals().get(0).signature().bytes(), "d094c40f5daaf6b884924c6caf6b46"
                + "a5f23b845407ecd4e2c563c103dc412ebaad7fc58225e160eb6998b95228f1ecb92a027c3071860c4a2e3fb8cd3621e305");
        Golden.assertHex("quorum certificate", qc.toBytes(), "0000000000000004000000014cba8e2eef0ecd59c221f66df6c870"
                + "bb4509dac7a948d3b69d2582bfaa9058b7000000030749a0a8cdf3e168e41c991aeae0225ba7d4031e2fcc58e5baec0593"
                + "1096e8afd094c40f5daaf6b884924c6caf6b46a5f23b845407ecd4e2c563c103dc412ebaad7fc58225e160eb6998b95228"
                + "f1ecb92a027c3071860c4a2e3fb8cd3621e3055d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2"
                + "e7c245d6d6a311dd0ffff9822cd634350b9b0cf2f1cd6964b540379d295f46747c670dc2fbbd94e4d69366bf902ca67883"
                + "6ede20fa571844182e0038f801aebf4e0ee5f35b8e70f287d015dc96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee"
                + "99540d7d5fce2f1d761ca8987738501d8448915f7bafe270ef9af41802013fa1fd790840846c64f423c65d738f8caa28f7"
                + "f68e69526ef630419ef1cc6d173a0a");
        assertThat(QuorumCertificate.fromBytes(qc.toBytes())).isEqualTo(qc);
    }

    @Test
    void aSignedBlockWithACertificateAndCommitmentsKeepsItsPinnedBytes() {
        List<Commitment> commitments = List.of(
                GoldenSamples.commitment(GoldenSamples.payloads().get(PayloadKind.TRANSFER)),
                GoldenSamples.commitment(GoldenSamples.payloads().get(PayloadKind.CANCEL_ORDER)));
        Block b = TestBlocks.block(GoldenSamples.CHAIN, TestKeys.key(0), HEIGHT, GoldenSamples.hash("golden/block-4"),
                TIME, GoldenSamples.hash("golden/params"), Optional.of(parentCertificate()), commitments,
                GoldenSamples.hash("golden/state"), BlockKind.NORMAL);
        Golden.assertHex("block", b.toBytes(), "010000000d626f757273652d676f6c64656e00000000000000054cba8e2eef0ecd59"
                + "c221f66df6c870bb4509dac7a948d3b69d2582bfaa9058b70000018bcfe57b88e5f35b8e70f287d015dc96abc6b1666a8d"
                + "349452f7a326035fbaf2eb89c0d3ee0e5427e3097069d0a6854d8743bc1b5a8129b6ae4f2238526cbfadac8da24ca78075"
                + "204baf4150da599a1f094533f0fc86c3db81d1eab11a27b49e75c3b401700a13610ddeda538e62cb1e430e4434879962b6"
                + "918b72ba198709d9064b21b4c9d3d2aa19a801e87c47470c06a4a0d915882407401bf03101ed514df90bc72b9d019f18d5"
                + "d41d79b8ab3aaf3ba1c9053879052229b7543896209a8f1f78ef32a5acc8148285b9ee73062c156e09ec09023b5901771d"
                + "d834959ce307269e7df28501010000000000000004000000014cba8e2eef0ecd59c221f66df6c870bb4509dac7a948d3b6"
                + "9d2582bfaa9058b7000000030749a0a8cdf3e168e41c991aeae0225ba7d4031e2fcc58e5baec05931096e8afd094c40f5d"
                + "aaf6b884924c6caf6b46a5f23b845407ecd4e2c563c103dc412ebaad7fc58225e160eb6998b95228f1ecb92a027c307186"
                + "0c4a2e3fb8cd3621e3055d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c245d6d6a311dd0f"
                + "fff9822cd634350b9b0cf2f1cd6964b540379d295f46747c670dc2fbbd94e4d69366bf902ca678836ede20fa571844182e"
                + "0038f801aebf4e0ee5f35b8e70f287d015dc96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee99540d7d5fce2f1d76"
                + "1ca8987738501d8448915f7bafe270ef9af41802013fa1fd790840846c64f423c65d738f8caa28f7f68e69526ef630419e"
                + "f1cc6d173a0a00000002000000ab010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4"
                + "748da938abf692cfba12e5fce2e7c20000000000000007017c61ca4763eb84b340a65b1a5787009a32b4aa9a2a03f8d061"
                + "633f3272ea86630cd16196638945d3000000004a817c803386312335730a1a259ad11dc0be7513d06d76351aad52a3514d"
                + "2a36c0a8bd6a45ad9372c23de0a4df39cf1330862eec585a7d5740f39152d20ae0aeab9ae1020000009b010000000d626f"
                + "757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c2000000000000"
                + "0007046015ffd27e7a5a432eeaf11fe958a53ae6d49dd29d97ecd6bae61287e822d8c4b4e251a81ff8d405d3dc035f0e20"
                + "291e37ac44ad3e536b89cac51f9db75496f51a663fde551dfc92c7d0ba2f5b853e38061f48667f1d9001ed4819426525ed"
                + "0a");
        Golden.assertHex("block hash", b.hash().bytes(),
                "a36660024fa8c4221d878c2cab0b2ebfcb7201bc0b55c4da096a481086868e79");
        assertThat(Block.fromBytes(b.toBytes())).isEqualTo(b);
        assertThat(new BlockRules(SignatureVerifier.ED25519).checkStructure(b, GoldenSamples.CHAIN)).isEmpty();
    }

    @Test
    void aWriteSetKeepsItsPinnedBytes() {
        WriteSet ws = new WriteSet();
        ws.put(Bytes.of(new byte[] {1, 2}), new byte[] {9, 8, 7});
        ws.delete(Bytes.of(new byte[] {1, 3}));
        ws.put(Bytes.of(new byte[] {0}), new byte[0]);
        Golden.assertHex("write set", ws.toBytes(),
                "0000000300000001000100000000000000020102010000000309080700000002010300");
        assertThat(WriteSet.fromBytes(ws.toBytes()).toBytes()).isEqualTo(ws.toBytes());
    }

    @Test
    void aGenesisKeepsItsPinnedParametersHashStateAndBlock() {
        NetworkParameters p = TestParameters.of(GoldenSamples.CHAIN, 4);
        Genesis g = new Genesis(GoldenSamples.CHAIN, Timestamp.ofMillis(1_700_000_000_000L), p, List.of(
                new Genesis.Allocation(TestKeys.key(10).address(), Amount.ofWhole(1_000)),
                new Genesis.Allocation(TestKeys.key(11).address(), Amount.ofUnits(250))));
        Golden.assertHex("network parameters hash", p.hash().bytes(),
                "776bd53cbb50ca3f11da28237051b886b467677e48a1962b13c4891d9ddfb0ad");
        Golden.assertHex("genesis state (SHA-256 of its write set)", Hash.of(g.stateChanges().toBytes()).bytes(),
                "ea20e191ea7159b0218bf095513c9e8cc9dd54e6a3e9764669762b82291e7c66");
        Golden.assertHex("genesis state root", g.state().root().bytes(),
                "5d7167d911df052d069a3394b9b26b2a16d97e8db55fee27b1085dbb714a02a2");
        Golden.assertHex("genesis block", g.block().toBytes(), "010000000d626f757273652d676f6c64"
                + "656e000000000000000000000000000000000000000000000000000000000000000000000000000000000000018bcfe56800"
                + "e5f35b8e70f287d015dc96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee776bd53cbb50ca3f11da28237051b886b467"
                + "677e48a1962b13c4891d9ddfb0ad000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000005d7167d911df052d069a3394b9b26b2a16d97e8db55f"
                + "ee27b1085dbb714a02a200000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000");
    }
}
