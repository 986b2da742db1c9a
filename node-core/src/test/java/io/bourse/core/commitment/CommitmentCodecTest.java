package io.bourse.core.commitment;

import static io.bourse.core.testing.CodecChecks.assertRefusedCleanlyOrCanonical;
import static io.bourse.core.testing.CodecChecks.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.testing.CodecChecks;
import io.bourse.core.testing.CoreArbitraries;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

// covers: C1 (one canonical encoding for what is signed), N1
class CommitmentCodecTest {
    static final ChainId CHAIN = ChainId.of("codec-test");

    static byte[] encodePayload(Payload p) {
        Writer w = new Writer();
        p.encode(w);
        return w.toByteArray();
    }

    static Payload decodePayload(byte[] b) {
        return Reader.decodeAll(b, "payload", Payload::decode);
    }

    @Property(tries = 500)
    void everyPayloadKindRoundTripsAlone(@ForAll("payloads") Payload p) {
        Statistics.collect(p.kind());
        assertRoundTrip(p, CommitmentCodecTest::encodePayload, CommitmentCodecTest::decodePayload);
        Statistics.coverage(c -> {
            for (PayloadKind k : PayloadKind.values()) {
                c.check(k).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 500)
    void everyPayloadKindRoundTripsInsideACommitment(@ForAll("commitments") Commitment c) {
        Statistics.collect(c.kind());
        assertRoundTrip(c, Commitment::toBytes, Commitment::fromBytes);
        assertThat(Commitment.fromBytes(c.toBytes()).id()).isEqualTo(c.id());
        Statistics.coverage(cov -> {
            for (PayloadKind k : PayloadKind.values()) {
                cov.check(k).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 200)
    void signedCommitmentRoundTripsAndStillVerifies(@ForAll("signedCommitments") Commitment c) {
        assertThat(c.signatureValid()).isTrue();
        Commitment back = Commitment.fromBytes(c.toBytes());
        assertThat(back).isEqualTo(c);
        assertThat(back.signatureValid()).isTrue();
    }

    @Property(tries = 1500)
    void damagedCommitmentsAreRefusedCleanlyOrAreCanonical(@ForAll("damagedCommitments") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, Commitment::fromBytes, Commitment::toBytes);
    }

    @Property(tries = 500)
    void damagedPayloadsAreRefusedCleanlyOrAreCanonical(@ForAll("damagedPayloads") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, CommitmentCodecTest::decodePayload, CommitmentCodecTest::encodePayload);
    }

    @Test
    void unknownVersionIsRefused() {
        byte[] b = transfer().toBytes();
        b[0] = 2;
        assertThatThrownBy(() -> Commitment.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void everyUnknownKindTagIsRefused() {
        Set<Integer> known = new java.util.HashSet<>();
        for (PayloadKind k : PayloadKind.values()) {
            known.add(k.tag());
        }
        for (int tag = 0; tag < 256; tag++) {
            if (!known.contains(tag)) {
                byte[] b = new byte[] {(byte) tag, 0, 0, 0};
                assertThatThrownBy(() -> decodePayload(b)).isInstanceOf(CodecException.class)
                        .hasMessageContaining("unknown payload kind");
            }
        }
    }

    @Test
    void unknownEnumOrdinalInsideAPayloadIsRefused() {
        Payloads.PlaceOrder order = new Payloads.PlaceOrder(TokenId.shareOf(TestKeys.key(1).address()), TokenId.COIN,
                Payloads.Side.BUY, Payloads.OrderType.LIMIT, Amount.ONE, Amount.ONE, 0);
        byte[] b = encodePayload(order);
        b[1 + 20 + 20] = 2; // side: BUY=0, SELL=1
        assertThatThrownBy(() -> decodePayload(b)).isInstanceOf(CodecException.class).hasMessageContaining("side");
    }

    @Test
    void anOversizedCommitmentIsRefusedBeforeDecoding() {
        byte[] huge = new byte[Commitment.MAX_BYTES + 1];
        assertThatThrownBy(() -> Commitment.fromBytes(huge)).isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void aZeroAmountDecodedFromTheWireIsRefusedAsCodecError() {
        byte[] b = encodePayload(new Payloads.Transfer(TestKeys.key(2).address(), TokenId.COIN, Amount.ofUnits(1)));
        b[b.length - 1] = 0;
        assertThatThrownBy(() -> decodePayload(b)).isInstanceOf(CodecException.class).hasMessageContaining("amount");
    }

    @Test
    void aSpecialPayloadInsideAContractResultIsRefusedAsCodecError() {
        Writer w = new Writer();
        w.u8(PayloadKind.CONTRACT_EXECUTION_RESULTS.tag());
        w.i64(1).fixed(new byte[32]).u32(1); // forHeight, blockHash, one result
        w.fixed(new byte[20]).fixed(new byte[32]).u8(0).string("").u32(1); // contract, inputHash, completed, one action
        new Payloads.ContractClose(TestKeys.key(3).address()).encode(w);
        byte[] b = w.toByteArray();
        assertThatThrownBy(() -> decodePayload(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("CONTRACT_CLOSE");
    }

    /**
     * A hostile sender nests results inside a result's actions. Regression: actions were once
     * decoded recursively and deep nesting threw StackOverflowError; now an action is one of six
     * flat kinds and a nested result is refused at its tag.
     */
    @Test
    void resultsNestedInsideAResultAreRefusedWithoutExhaustingTheStack() {
        int depth = 30_000;
        Writer w = new Writer(depth * 100);
        w.u8(PayloadKind.CONTRACT_EXECUTION_RESULTS.tag());
        for (int i = 0; i < depth; i++) {
            w.i64(1).fixed(new byte[32]).u32(1);
            w.fixed(new byte[20]).fixed(new byte[32]).u8(0).string("").u32(1);
            w.u8(PayloadKind.CONTRACT_EXECUTION_RESULTS.tag());
        }
        byte[] b = w.toByteArray();
        assertThat(b.length).isLessThan(Commitment.MAX_BYTES);
        assertThatThrownBy(() -> decodePayload(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("CONTRACT_EXECUTION_RESULTS");
    }

    /**
     * Text fields allow 256 characters, so up to 1,024 UTF-8 bytes on the wire. Regression: they were
     * once decoded with a 256-byte limit, and a validly signed commitment with non-ASCII text did not decode.
     */
    @Test
    void textFieldsOfUpTo256CharactersDecode() {
        String euros = "€".repeat(100); // 100 characters, 300 UTF-8 bytes
        Payload p = new Payloads.RateReport(euros, 5);
        Commitment c = Commitment.sign(TestKeys.key(1), CHAIN, 0, p);
        assertThat(Commitment.fromBytes(c.toBytes())).isEqualTo(c);
    }

    /**
     * UTF-8 cannot carry an unpaired surrogate (String.getBytes would write '?', and the decoded payload
     * would differ from the signed one), so such text is refused. Regression test.
     */
    @Test
    void textWithAnUnpairedSurrogateIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new Payloads.RateReport("BTC\uD800", 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void textWithAnUnpairedSurrogateIsNeverEncoded(@ForAll("payloads") Payload p,
                                                   @ForAll @CharRange(from = '\uD800', to = '\uDFFF') char surrogate) {
        if (p instanceof Payloads.RateReport r) {
            assertThatThrownBy(() -> new Payloads.RateReport(r.currency() + surrogate, r.rate()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Writer().string("x" + surrogate)).isInstanceOf(IllegalArgumentException.class);
    }

    static Commitment transfer() {
        return Commitment.sign(TestKeys.key(1), CHAIN, 7,
                new Payloads.Transfer(Address.of(TestKeys.key(2).publicKey()), TokenId.COIN, Amount.ofWhole(3)));
    }

    @Provide Arbitrary<Payload> payloads() { return CoreArbitraries.payloads(); }
    @Provide Arbitrary<Commitment> commitments() { return CoreArbitraries.commitments(); }
    @Provide Arbitrary<Commitment> signedCommitments() { return CoreArbitraries.signedCommitments(); }

    @Provide
    Arbitrary<byte[]> damagedCommitments() {
        return CodecChecks.hostile(CoreArbitraries.commitments(), Commitment::toBytes);
    }

    @Provide
    Arbitrary<byte[]> damagedPayloads() {
        return CodecChecks.hostile(CoreArbitraries.payloads(), CommitmentCodecTest::encodePayload);
    }

}
