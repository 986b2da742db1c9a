package io.bourse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.codec.CodecException;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.testing.CoreArbitraries;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Signature;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A signature is bound to its chain, its kind of message and, for commitments, its payload kind:
 * it never verifies anywhere else.
 */
// covers: C1 (domain separation), C3 (commit signatures are not prepare signatures)
class DomainSeparationTest {
    static final ChainId MAIN = ChainId.of("bourse-main");
    static final ChainId TEST = ChainId.of("bourse-test");
    static final KeyPair ALICE = TestKeys.key(1);

    @Property(tries = 100)
    void aCommitmentSignedForOneChainIsRejectedUnderAnother(@ForAll("signedCommitments") Commitment c,
                                                            @ForAll("chainIds") ChainId other) {
        Assume.that(!other.equals(c.chainId()));
        assertThat(c.signatureValid()).isTrue();
        Commitment moved = new Commitment(other, c.sender(), c.nonce(), c.payload(), c.signature());
        assertThat(moved.signatureValid()).isFalse();
    }

    @Property(tries = 100)
    void aCommitmentSignedAsOneKindIsRejectedAsAnyOther(@ForAll("signedCommitments") Commitment c,
                                                        @ForAll("payloads") Payload other) {
        Assume.that(other.kind() != c.kind());
        Commitment retagged = new Commitment(c.chainId(), c.sender(), c.nonce(), other, c.signature());
        assertThat(retagged.signatureValid()).isFalse();
    }

    /** The kind tag is signed: every other tag byte either fails to decode or fails to verify. */
    @Test
    void rewritingTheKindTagOnTheWireNeverYieldsAValidCommitment() {
        List<Commitment> samples = List.of(
                Commitment.sign(ALICE, MAIN, 3, new Payloads.ContractClose(TestKeys.key(9).address())),
                Commitment.sign(ALICE, MAIN, 3, new Payloads.CancelOrder(Hash.of(new byte[] {1}))),
                Commitment.sign(ALICE, MAIN, 3, new Payloads.EncryptedCodeApproval(Hash.of(new byte[] {2}), true)),
                Commitment.sign(ALICE, MAIN, 3, new Payloads.ContractStateChange(TestKeys.key(9).address(), false)));
        for (Commitment c : samples) {
            byte[] b = c.toBytes();
            int tagAt = 1 + 4 + MAIN.value().length() + 32 + 8;
            assertThat(b[tagAt] & 0xFF).isEqualTo(c.kind().tag());
            int decoded = 0;
            for (int tag = 0; tag < 256; tag++) {
                if (tag == c.kind().tag()) {
                    continue;
                }
                byte[] retagged = b.clone();
                retagged[tagAt] = (byte) tag;
                try {
                    Commitment other = Commitment.fromBytes(retagged);
                    decoded++;
                    assertThat(other.signatureValid()).as("kind %s re-tagged as %s", c.kind(), other.kind()).isFalse();
                } catch (CodecException expected) {
                    // refused: fine
                }
            }
            assertThat(decoded).isLessThan(PayloadKind.values().length);
        }
    }

    @Test
    void aCommitSignatureDoesNotVerifyAsPrepare() {
        byte[] msg = QuorumCertificate.signedMessage(BlockHeight.of(5), 0, Hash.of(new byte[] {5}));
        Signature commit = ALICE.sign(Domain.COMMIT, MAIN, msg);
        assertThat(Ed25519.verify(ALICE.publicKey(), Domain.COMMIT, MAIN, msg, commit)).isTrue();
        assertThat(Ed25519.verify(ALICE.publicKey(), Domain.PREPARE, MAIN, msg, commit)).isFalse();
        assertThat(Ed25519.verify(ALICE.publicKey(), Domain.COMMIT, TEST, msg, commit)).isFalse();
        assertThat(Ed25519.verifyRaw(ALICE.publicKey().unsafeBytes(), msg, commit.unsafeBytes())).isFalse();
    }

    @Property(tries = 200)
    void aSignatureVerifiesOnlyUnderItsOwnDomainAndChain(@ForAll Domain signed, @ForAll Domain checked,
                                                         @ForAll("chainIds") ChainId signedChain,
                                                         @ForAll("chainIds") ChainId checkedChain,
                                                         @ForAll byte[] message) {
        Signature s = ALICE.sign(signed, signedChain, message);
        boolean same = signed == checked && signedChain.equals(checkedChain);
        assertThat(Ed25519.verify(ALICE.publicKey(), checked, checkedChain, message, s)).isEqualTo(same);
    }

    /** The signed bytes parse back to one (domain, chain, message): prefixes and chain ids hold no 0 byte. */
    @Test
    void signedBytesAreUnambiguous() {
        byte[] a = Domain.signedBytes(Domain.COMMIT, "ab", new byte[] {'x'});
        byte[] b = Domain.signedBytes(Domain.COMMIT, "a", new byte[] {'b', 0, 'x'});
        assertThat(a).isNotEqualTo(b);
        List<byte[]> prefixes = new ArrayList<>();
        for (Domain d : Domain.values()) {
            prefixes.add(Domain.signedBytes(d, "c", new byte[0]));
        }
        for (int i = 0; i < prefixes.size(); i++) {
            for (int j = 0; j < prefixes.size(); j++) {
                if (i != j) {
                    byte[] p = prefixes.get(i);
                    byte[] q = prefixes.get(j);
                    assertThat(Arrays.equals(p, 0, Math.min(p.length, q.length), q, 0, Math.min(p.length, q.length)))
                            .as("%s is a prefix of %s", Domain.values()[i], Domain.values()[j]).isFalse();
                }
            }
        }
    }

    @Test
    void verifyAllKeepsTheOrderOfItsChecksAcrossThreads() {
        List<Ed25519.Check> checks = new ArrayList<>();
        boolean[] expected = new boolean[200];
        for (int i = 0; i < expected.length; i++) {
            KeyPair k = TestKeys.key(i % 7);
            byte[] msg = new byte[] {(byte) i, (byte) (i >> 8)};
            Signature s = k.sign(Domain.COMMITMENT, MAIN, msg);
            expected[i] = i % 3 != 0;
            checks.add(new Ed25519.Check(k.publicKey(), Domain.COMMITMENT, expected[i] ? MAIN : TEST, msg, s));
        }
        assertThat(Ed25519.verifyAll(checks)).isEqualTo(expected);
    }

    @Test
    void aKeyPairNeverShowsItsSeed() {
        KeyPair k = TestKeys.key(42);
        String seedHex = io.bourse.core.codec.Hex.encode(TestKeys.seed(42));
        assertThat(k.toString()).doesNotContain(seedHex).contains(k.publicKey().hex());
    }

    @Test
    void aTransferSignedByAliceVerifies() {
        Commitment c = Commitment.sign(ALICE, MAIN, 0,
                new Payloads.Transfer(TestKeys.key(2).address(), TokenId.COIN, Amount.ONE));
        assertThat(c.signatureValid()).isTrue();
        assertThat(Ed25519.verifyAll(List.of(c.signatureCheck()))).containsExactly(true);
    }

    @Provide Arbitrary<Commitment> signedCommitments() { return CoreArbitraries.signedCommitments(); }
    @Provide Arbitrary<ChainId> chainIds() { return CoreArbitraries.chainIds(); }
    @Provide Arbitrary<Payload> payloads() { return CoreArbitraries.payloads(); }
}
