package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** C6, N5: what a NETWORK_PARAMETERS special block may and may not change, and who may propose it. */
class ParametersUpdateTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair alice = h.user(1);

    Receipt propose(KeyPair by, String json) {
        return h.special(h.sign(by, new Payloads.NetworkParametersUpdate(json)));
    }

    @Test
    void aSignersCanonicalUpdateTakesEffectFromTheNextBlock() { // covers: C6
        NetworkParameters raised = h.params.withContractExecution(h.params.executionServers(), 1, 2_000_000);
        assertThat(propose(h.signers.get(1), raised.toJson()).applied()).isTrue();
        assertThat(LedgerState.parameters(h.state).contractStatementBudget()).isEqualTo(2_000_000);
    }

    @Test
    void aProposalFromAKeyThatIsNoSignerIsRefused() { // covers: C6
        NetworkParameters raised = h.params.withContractExecution(h.params.executionServers(), 1, 2_000_000);
        Receipt r = propose(alice, raised.toJson());
        assertThat(r.reason()).isEqualTo(RejectReason.NOT_A_SIGNER);
        assertThat(LedgerState.parameters(h.state)).isEqualTo(h.params);
    }

    @Test
    void aDocumentNotInCanonicalFormIsRefused() { // covers: C6
        String pretty = h.params.toJson().replace(",\"", ", \"");
        Receipt r = propose(h.signers.get(0), pretty);
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_PARAMETERS);
        assertThat(r.message()).contains("canonical");
        assertThat(LedgerState.parameters(h.state)).isEqualTo(h.params);
    }

    @Test
    void theChainIdCannotChange() { // covers: C6
        String other = h.params.toJson().replace("\"chainId\":\"" + h.params.chainId().value() + "\"",
                "\"chainId\":\"" + ChainId.of("another-chain").value() + "\"");
        Receipt r = propose(h.signers.get(0), other);
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_PARAMETERS);
        assertThat(r.message()).contains("chainId cannot change");
    }

    @Test
    void anInvalidDocumentIsRefusedNamingTheField() { // covers: C6
        String zeroQuorum = h.params.toJson().replace("\"contractExecutionQuorum\":1", "\"contractExecutionQuorum\":0");
        Receipt r = propose(h.signers.get(0), zeroQuorum);
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_PARAMETERS);
        assertThat(r.message()).contains("contractExecutionQuorum");
    }

    @Test
    void feePayeeListsMayNotNameTheCoinContract() { // covers: N5
        assertThatThrownBy(() -> LedgerHarness.withFees(h.params, 5_000, List.of(TokenId.COIN_CONTRACT), 0, List.of(),
                0, List.of()).validate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contractNetworkOperatorFeeAddress").hasMessageContaining("Coin Contract");
    }
}
