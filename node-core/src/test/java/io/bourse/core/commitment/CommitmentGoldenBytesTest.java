package io.bourse.core.commitment;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.Domain;
import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the canonical bytes of a signed commitment of every payload kind, of the enum fields inside
 * payloads, and of a signature under every signing domain (docs/encoding.md). The constants were
 * taken from the encoding as it is; a failure here means a format changed.
 */
class CommitmentGoldenBytesTest {
    private static final Map<PayloadKind, String> COMMITMENTS = Map.ofEntries(
            entry(PayloadKind.TRANSFER, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4748da9"
                    + "38abf692cfba12e5fce2e7c20000000000000007017c61ca4763eb84b340a65b1a5787009a32b4aa9a2a03f8d06163"
                    + "3f3272ea86630cd16196638945d3000000004a817c803386312335730a1a259ad11dc0be7513d06d76351aad52a351"
                    + "4d2a36c0a8bd6a45ad9372c23de0a4df39cf1330862eec585a7d5740f39152d20ae0aeab9ae102"),
            entry(PayloadKind.BUY_FROM_CONTRACT, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe592"
                    + "98a4748da938abf692cfba12e5fce2e7c2000000000000000702e045bf18274eada5558088367a6546b8eddd9c7c00"
                    + "0000000000012c00000000000013888128ab56f6add448311123bb8ee1df91286c12c9a9dd6b41d096912f617e5f41"
                    + "5abf5f4489ed7302ad218580233f4cb536ef4b84500485fd621259c7372a760a"),
            entry(PayloadKind.PLACE_ORDER, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a474"
                    + "8da938abf692cfba12e5fce2e7c2000000000000000703e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d0"
                    + "61633f3272ea86630cd16196638945d30000000000000773594000000000000009c4000000000000005a58fe4ef1eb"
                    + "ac8188ff5866cebd256f3211d26eb121a57afd19be80ec872e70c6f341097cb428ea00cbf6245e177604e56f72aaf4"
                    + "aea7a7e8ee631877d114550b"),
            entry(PayloadKind.CANCEL_ORDER, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a474"
                    + "8da938abf692cfba12e5fce2e7c20000000000000007046015ffd27e7a5a432eeaf11fe958a53ae6d49dd29d97ecd6"
                    + "bae61287e822d8c4b4e251a81ff8d405d3dc035f0e20291e37ac44ad3e536b89cac51f9db75496f51a663fde551dfc"
                    + "92c7d0ba2f5b853e38061f48667f1d9001ed4819426525ed0a"),
            entry(PayloadKind.OPTION_WRITE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a474"
                    + "8da938abf692cfba12e5fce2e7c2000000000000000705e045bf18274eada5558088367a6546b8eddd9c7c00000000"
                    + "0011e1a30000000000000001f4000000000000002808230e24c1aa19e40355d95cdf1b505257299ff4d49c254a7076"
                    + "2333c2c2915c78b6b1fa7975e7905e18b1f84a7c192970d186713c8aa922bd4bef78b2b21e00"),
            entry(PayloadKind.OPTION_EXERCISE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298"
                    + "a4748da938abf692cfba12e5fce2e7c20000000000000007065e71ee95179ecec875d5f1219f922911832cc354714e"
                    + "17a4043748b7caf68a7800000000000000036e91e40a67056c60e0c7af1367dbd229f0e5d716098ed0ba65e05ec943"
                    + "ec78ce4cb549db61dabc080e1c4322fd9f2a136c9756d6bb3fbd6273dd5cc883cc9e07"),
            entry(PayloadKind.COIN_PURCHASE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4"
                    + "748da938abf692cfba12e5fce2e7c20000000000000007077c61ca4763eb84b340a65b1a5787009a32b4aa9a000000"
                    + "0345555200000000000027100000000005a995c0000000057061792d3167bc91c994a82cf8258264048534b6a03465"
                    + "900d983609be602f82d09ef33ef116d18accdc41d60d262ffe1f2eab151f0c1652c7d276b3f1a222314a1f62af08"),
            entry(PayloadKind.COIN_REDEMPTION, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298"
                    + "a4748da938abf692cfba12e5fce2e7c200000000000000070800000000000003090000000345555200000008706179"
                    + "6f75742d316c4673871a0ca5e5f7e56de6d5edcdc9c7c3ea909c2ddfe4f611e4966077bf20f7c5bb76350c43eb0382"
                    + "173ad36b408fe9865f9acfe929a1091ad892076a2f0b"),
            entry(PayloadKind.RATE_REPORT, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a474"
                    + "8da938abf692cfba12e5fce2e7c2000000000000000709000000034555520000000005a995c04fdcdf0996dddbd6fb"
                    + "49895800a631c88d9505e523d7906cccdb5ad3ac573692ef4ef1775f0695a5ad6609bf4a99cc22a962f542bd7d0486"
                    + "be0854af9639d70c"),
            entry(PayloadKind.COIN_CONFIG_UPDATE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe592"
                    + "98a4748da938abf692cfba12e5fce2e7c200000000000000070d0000000200000003555344000000034555526ed19"
                    + "1696b8f9115e749bfdd733b52cb2d7112c5dba9aa8699cfe69e1115bf64e8f14b22d0a985d755d89cfbad19ae5097"
                    + "2a019d9f2c73931aa474212d02d104"),
            entry(PayloadKind.COIN_PAYOUT, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4748"
                    + "da938abf692cfba12e5fce2e7c200000000000000070e376af93c9e0e3ea2826ced1b775670e31086ad713e1fa719"
                    + "7e716e8df5a054f400000006776972652d3100000000000002bcc1f3c51879b8f1edbd770082c626da1fa4304693c"
                    + "b3ced77d30023658940a6b3c61c3ccbadd3805f9f18982a2cc2c640b2729fb20f5518ae0c923a0673776d01"),
            entry(PayloadKind.COIN_RESERVE_REPORT, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59"
                    + "298a4748da938abf692cfba12e5fce2e7c200000000000000070f0000000200000003555344000000174876e80000"
                    + "00000345555200000000000000050000000e476f6c64656e20437573746f64790000001d68747470733a2f2f61756"
                    + "469742e6578616d706c652f323032362d3132fd695db0aef5e5672bf4ef60089ede0f788d7140d29ddba383166531"
                    + "3489f3191e285b83340e5623a8af7c88237e2199334829ed6c6e23ef873b2f5817947003"),
            entry(PayloadKind.CONTRACT_CONFIG_UPDATE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951f"
                    + "e59298a4748da938abf692cfba12e5fce2e7c200000000000000070ae045bf18274eada5558088367a6546b8eddd9c"
                    + "7c00000000000023280000000000004e200000000b7b226c696d6974223a357da6459be83d5101281b1240ab0199c3"
                    + "a71e0b398571164a102049c3fbbf6a82dcac53bd5e237ed0ab6af6b33d872f74f46630d67c4495aa8233fb36e134a2"
                    + "9e08"),
            entry(PayloadKind.CONTRACT_CLOSE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe59298a4"
                    + "748da938abf692cfba12e5fce2e7c200000000000000070be045bf18274eada5558088367a6546b8eddd9c7c3faa6d"
                    + "8db4c582d6496d8e86542aded0b72971b37f5505df2781f8090bca27260579cf1c1f3046f0604474c3fb299ace4bfc"
                    + "a1e3a5123658085c20f047020b0f"),
            entry(PayloadKind.CONTRACT_EXECUTION_RESULTS, "010000000d626f757273652d676f6c64656e5"
                    + "d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c200000000000000070c000000000000002957f"
                    + "a355219a3f5677ee58b935ce287dd68d30dfd2fa9ceff776c51c4c4e4f065000000027c61ca4763eb84b340a65b1a5787009"
                    + "a32b4aa9a36a8a662d5fd1ab82cb838abfe8efffac7463bc7f49d90fa71dc30781bc424d801000000336275646765742d657"
                    + "8686175737465643a207468652073746174656d656e742062756467657420697320657868617573746564000000000000000"
                    + "000000000000f4240e045bf18274eada5558088367a6546b8eddd9c7c49bdebbea9b2aff77208c2f60d2151fe58f2093fbff"
                    + "7c25ab9411dee3d4db36900000000000000000203e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272e"
                    + "a86630cd16196638945d30103000000000773594000000000000009c4000000000000005a017c61ca4763eb84b340a65b1a5"
                    + "787009a32b4aa9ae045bf18274eada5558088367a6546b8eddd9c7c00000000000000010000000200000006636f6e6669670"
                    + "10000000c7b22737072656164223a327d000000036f6c640000000000000010e137a6ceb264fc3eeebc3b4394c78237cb7db"
                    + "7f8a397070a6fd3fe45e76f712123031ab61b8713f62fbc7ac704d4f2da98fb7686a2178a0349a8702048374cb801"),
            entry(PayloadKind.NETWORK_PARAMETERS, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe592"
                    + "98a4748da938abf692cfba12e5fce2e7c20000000000000007400000000f7b22676f6c64656e223a747275657de32b"
                    + "f8941f29517f73169ca3d09370e49b6d73fbed2ca9ce6477b55a3ae0a20198ad0c705b723f22ccc4f7f56d67485cb4"
                    + "e167fe5c290e89a32757581354fd0f"),
            entry(PayloadKind.CONTRACT_CREATION, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951fe592"
                    + "98a4748da938abf692cfba12e5fce2e7c20000000000000007410000000b476f6c64656e2046756e6437b51de75caa"
                    + "1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f892100000001c6578706f72742066756e6374696f6e206f"
                    + "6e426c6f636b2829207b7d00000003010203000000087265766965772d31000000174876e800000000000000c35000"
                    + "000000000186a00000000000002710000000027b7d406c4d8416a613b799f324dcfcb0c02417e762d37a4398c56133"
                    + "b6e6fc049af4fabd9ac7d0f6a73b84eed0db6b3e88928f0354516c50a21488a52ff35ae61908"),
            entry(PayloadKind.CONTRACT_STATE_CHANGE, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d951f"
                    + "e59298a4748da938abf692cfba12e5fce2e7c2000000000000000742e045bf18274eada5558088367a6546b8eddd9c"
                    + "7c011323655773390493d502ea79d21f717722afb864cda27de093eb78892c5f5d73053ea55ff24333ecde2e0e5180"
                    + "a413ef530cdb9711a6e884f145aa7dff0c4803"),
            entry(PayloadKind.ENCRYPTED_CODE_APPROVAL, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d95"
                    + "1fe59298a4748da938abf692cfba12e5fce2e7c2000000000000000743931cdb23c5890e58e3fd6e4299dea2ab7f41"
                    + "9168eec27ad0fa0687bcafe7ce91000b23163283c8b8efbab3a2a9f9ba98a759db170c41e2f860f2280e2831613673"
                    + "9edb0d575b3e2e127a5212982b21ef3e74f92986f6d3fa72fb8e71c7eab8440d"),
            entry(PayloadKind.SEALED_CODE_REWRAP, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d95"
                    + "1fe59298a4748da938abf692cfba12e5fce2e7c2000000000000000720e045bf18274eada5558088367a6546b8eddd9c"
                    + "7c000000030109084be0bb5d6f23907f13b24e3043f03e47941d15ef14b132f4e7176046831ada9584400943cd308553"
                    + "6579b88795fdd6eab7aa61736da6b075d6be8d5442c74307"),
            entry(PayloadKind.SEALED_CODE_CHECK, "010000000d626f757273652d676f6c64656e5d9b63d6e7db324c91fc9d95"
                    + "1fe59298a4748da938abf692cfba12e5fce2e7c2000000000000000721931cdb23c5890e58e3fd6e4299dea2ab7f4191"
                    + "68eec27ad0fa0687bcafe7ce910000000028746865207365616c65642073656374696f6e20646f6573206e6f74206175"
                    + "7468656e74696361746547987774c948590e29271c34d0690044421d4e79d96b9736b5b373446cc3541d4557160d2f60"
                    + "c4e259debc01fd90b89f5098914159dfcc2ebb9f68c7f710c00e"));

    private static final Map<Domain, String> SIGNATURES = Map.ofEntries(
            entry(Domain.COMMITMENT, "a49805e154dceb39b9a5f41beb85b2a0b1dbde9aed9cf72cfedc2ce9db750f45f306e111f1839f"
                    + "6c462aadea0dd327dc6e48c54c7c8ba608afa5ddf550d03a0d"),
            entry(Domain.BLOCK, "114c2209195e27e598fd0b111a5e8ba644f46d4c975db6278a79ff07911ed4a6bc5ba167f71a72d46451"
                    + "706e8b2fae51dee9ce68c77abe2aade922b0b283440e"),
            entry(Domain.PROPOSAL, "427e625eba82d962df843ee2f52d9a510a6561878ac25bddd6cded65af24531da240524c39ebde5a"
                    + "42f223eb1edc275f5d9378c0d5dbbd56c974abf6c6c57a06"),
            entry(Domain.PREPARE, "e4c2e5ba62e7c6f7b2e89deac75311983effdc43b056faa5c9753f62c2aaafd871374a68377e0af101"
                    + "55eaedb6a48d643041e7a1735c4b4e3aeb5444dd719e08"),
            entry(Domain.COMMIT, "ad3aebce939110f57658d9483ea64e2fc60bd4b417aeb562b659a2b1934d3af6e0baa2ab3a48b53677"
                    + "607f64505224888774ccc1a11d4ea135e878d1d2586c03"),
            entry(Domain.ROUND_CHANGE, "06b5613a0c727b9906b334618bbbff6852f029a48cf5f73d97238bea1a047c0c5d0115afc49f"
                    + "91b2f60ac50ae79267a3d10e7528494cb33806ad8c88108e8102"),
            entry(Domain.HANDSHAKE, "1fa6883b43d2bef70b095a0e2aa61d27c9827ba28073d701f1c067329e81d9355a6d28350179165b"
                    + "d5bb3e03cbcac49f71fde8cb128ad72ae213fa7b572b410d"),
            entry(Domain.REPORT, "14a8148db3feba86ccf3b2d8f5031e4a7a94915587933d5a6e15c49234517deeb9796dbdb0270e80e5"
                    + "88a088778e292c99976b90dabb4cd103448f3a7e510f05"));

    @Test
    void aSignedCommitmentOfEveryPayloadKindKeepsItsPinnedBytes() {
        Map<PayloadKind, Payload> samples = GoldenSamples.payloads();
        assertThat(samples.keySet()).containsExactlyInAnyOrder(PayloadKind.values());
        assertThat(COMMITMENTS.keySet()).containsExactlyInAnyOrder(PayloadKind.values());
        samples.forEach((kind, payload) -> {
            Commitment c = GoldenSamples.commitment(payload);
            byte[] bytes = c.toBytes();
            Golden.assertHex("commitment " + kind, bytes, COMMITMENTS.get(kind));
            assertThat(Commitment.fromBytes(bytes)).isEqualTo(c);
            assertThat(c.signatureValid()).isTrue();
        });
    }

    @Test
    void orderSidesAndTypesKeepTheirPinnedBytesInsideAPlaceOrder() {
        Golden.assertHex("BUY LIMIT", payload(GoldenSamples.order(Side.BUY, OrderType.LIMIT)), "03e045bf18274eada555"
                + "8088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d30000000000000773594000000000000009c4"
                + "000000000000005a");
        Golden.assertHex("SELL MARKET", payload(GoldenSamples.order(Side.SELL, OrderType.MARKET)), "03e045bf18274ead"
                + "a5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d301010000000007735940000000000000"
                + "09c4000000000000005a");
        Golden.assertHex("BUY IMMEDIATE_OR_CANCEL",
                payload(GoldenSamples.order(Side.BUY, OrderType.IMMEDIATE_OR_CANCEL)),
                "03e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d3000200000000077359"
                        + "4000000000000009c4000000000000005a");
        Golden.assertHex("SELL FILL_OR_KILL", payload(GoldenSamples.order(Side.SELL, OrderType.FILL_OR_KILL)),
                "03e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d3010300000000077359"
                        + "4000000000000009c4000000000000005a");
    }

    @Test
    void optionTypesKeepTheirPinnedBytesInsideAnOptionWrite() {
        Golden.assertHex("CALL", payload(GoldenSamples.optionWrite(OptionType.CALL)),
                "05e045bf18274eada5558088367a6546b8eddd9c7c000000000011e1a30000000000000001f40000000000000028");
        Golden.assertHex("PUT", payload(GoldenSamples.optionWrite(OptionType.PUT)),
                "05e045bf18274eada5558088367a6546b8eddd9c7c010000000011e1a30000000000000001f40000000000000028");
    }

    @Test
    void aSignatureUnderEverySigningDomainKeepsItsPinnedBytes() {
        assertThat(SIGNATURES.keySet()).containsExactlyInAnyOrder(Domain.values());
        byte[] message = "golden".getBytes(StandardCharsets.US_ASCII);
        for (Domain d : List.of(Domain.values())) {
            Golden.assertHex("signature under " + d,
                    GoldenSamples.SENDER.sign(d, GoldenSamples.CHAIN, message).bytes(), SIGNATURES.get(d));
        }
    }

    private static byte[] payload(Payload p) {
        Writer w = new Writer();
        p.encode(w);
        byte[] b = w.toByteArray();
        assertThat(Payload.decode(new io.bourse.core.codec.Reader(b))).isEqualTo(p);
        return b;
    }
}
