package io.bourse.core.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.testing.TestBlocks;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.testing.TestParameters;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

// covers: C3, C4 (the fixtures other modules build on produce valid blocks and certificates)
class TestBlocksTest {
    static final ChainId CHAIN = TestParameters.CHAIN;
    static final BlockRules RULES = new BlockRules(SignatureVerifier.ED25519);

    @Test
    void aFixtureBlockPassesItsStructureCheckAndItsCertificateVerifies() {
        NetworkParameters p = TestParameters.of(4);
        Block parent = TestBlocks.normal(1, Hash.ZERO, Optional.empty(), List.of());
        QuorumCertificate qc = TestBlocks.certify(CHAIN, TestParameters.signers(4).subList(0, p.quorum()),
                BlockHeight.of(1), 0, parent.hash());
        Commitment c = Commitment.sign(TestKeys.key(20), CHAIN, 0,
                new Payloads.Transfer(TestKeys.key(21).address(), TokenId.COIN, Amount.ONE));
        Block child = TestBlocks.normal(2, parent.hash(), Optional.of(qc), List.of(c));

        assertThat(RULES.checkStructure(parent, CHAIN)).isEmpty();
        assertThat(RULES.checkStructure(child, CHAIN)).isEmpty();
        assertThat(RULES.checkCertificate(qc, 1, parent.hash(), p)).isEmpty();
        assertThat(Block.fromBytes(child.toBytes())).isEqualTo(child);
    }

    @Test
    void aCertificateBelowQuorumOrFromAnotherChainIsRefused() {
        NetworkParameters p = TestParameters.of(4);
        Hash h = Hash.of(new byte[] {1});
        QuorumCertificate tooFew = TestBlocks.certify(CHAIN, TestParameters.signers(4).subList(0, p.quorum() - 1),
                BlockHeight.of(1), 0, h);
        assertThat(RULES.checkCertificate(tooFew, 1, h, p)).map(Refusal::reason).contains(Refusal.Reason.TOO_FEW_SEALS);
        QuorumCertificate elsewhere = TestBlocks.certify(ChainId.of("other"), TestParameters.signers(4),
                BlockHeight.of(1), 0, h);
        assertThat(RULES.checkCertificate(elsewhere, 1, h, p)).map(Refusal::reason).contains(Refusal.Reason.BAD_SEAL);
        QuorumCertificate outsider = TestBlocks.certify(CHAIN, TestKeys.keys(50, 4), BlockHeight.of(1), 0, h);
        assertThat(RULES.checkCertificate(outsider, 1, h, p)).map(Refusal::reason).contains(Refusal.Reason.SEAL_BY_NON_SIGNER);
        assertThat(RULES.checkCertificate(tooFew, 2, h, p)).map(Refusal::reason)
                .contains(Refusal.Reason.CERTIFICATE_FOR_OTHER_BLOCK);
    }
}
