package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractSandbox;
import io.bourse.vm.ExecutionInput;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * K2 end to end without the network: a creation with a sealed section is approved by the
 * signers, the execution server opens it and runs it in the sandbox, and the ledger applies the
 * result — while the clear text of the section is in no receipt, no state value the API reads,
 * and no result; a node without the execution server's key cannot build the call at all.
 */
class SealedContractExecutionTest { // covers: K2, K6
    static final String SECRET = "SECRET_ALPHA_91c2";
    static final String SOURCE = String.join("\n",
            "function onNewBlock(ctx) {",
            "  ctx.storage.set('signal', signal(ctx.block.height));",
            "}",
            "function onCreate(ctx) { onNewBlock(ctx); }",
            "// @sealed-begin alpha",
            "function signal(h) { const tag = '" + SECRET + "'; return String(h * 7 + tag.length); }",
            "// @sealed-end");

    final LedgerHarness h = new LedgerHarness();
    final String report = new ReviewReport("Owl Audits", "https://owl.example/r/2",
            Hash.of("report".getBytes(StandardCharsets.UTF_8))).format();

    private Address createSealed(String source) {
        SealedSource.Split split = SealedSource.split(source, Set.of());
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(h.executionServer.publicKey()),
                SealedSource.context(split.publicCode(), report), new SecureRandom());
        Commitment c = h.sign(h.signers.get(0), new Payloads.ContractCreation("sealed", h.user(0).publicKey(),
                split.publicCode(), sc.toBytes(), report, Amount.ofWhole(100), Amount.ONE, 0, 0, "{}"));
        assertThat(h.special(c).applied()).isTrue();
        assertThat(h.opened(h.executionServer, c.id()).applied()).isTrue();
        for (int i = 0; i < h.params.blockMinimumSigners(); i++) {
            h.special(h.sign(h.signers.get(i), new Payloads.EncryptedCodeApproval(c.id(), true)));
        }
        return Contracts.addressFor(c.id());
    }

    private ExecutionInput.Block block() {
        return ExecutionInput.forBlock(h.state, h.params, h.height, h.blockHash(h.height), h.time);
    }

    @Test
    void theExecutionServerRunsTheSealedCodeAndTheLedgerAppliesItsResult() {
        Address at = createSealed(SOURCE);
        ContractRecord rec = h.contract(at);
        Result<String> code = SealedCreations.clearCode(h.state, rec, Optional.of(h.executionServer));
        assertThat(code.failed()).isFalse();
        ExecutionInput in = block().input(h.state, rec, code).orElseThrow();
        assertThat(in.sealed()).isTrue();
        assertThat(in.call().toString()).doesNotContain(SECRET).doesNotContain("function");
        CallResult answer;
        try (ContractSandbox sandbox = new ContractSandbox()) {
            answer = sandbox.call(in.call());
        }
        assertThat(answer).isInstanceOf(CallResult.Completed.class);
        Payloads.ContractResult result = in.result(answer);
        String expected = String.valueOf(h.height * 7 + SECRET.length());
        Receipt r = h.one(h.sign(h.executionServer, new Payloads.ContractExecutionResults(in.forHeight(),
                h.blockHash(in.forHeight()), List.of(result))));
        assertThat(r.applied()).as(r.message()).isTrue();
        assertThat(ContractExecutions.storage(h.state, at)).containsEntry("signal", expected);
        assertThat(h.allReceipts).allSatisfy(x -> assertThat(x.message()).doesNotContain(SECRET));
        assertThat(LedgerState.contractCode(h.state, at).orElseThrow()).doesNotContain(SECRET);
    }

    @Test
    void aNodeWithoutAnExecutionServerKeyCannotBuildTheCall() {
        Address at = createSealed(SOURCE);
        ContractRecord rec = h.contract(at);
        assertThat(block().input(h.state, rec)).isEmpty();
        Result<String> none = SealedCreations.clearCode(h.state, rec, Optional.empty());
        assertThat(none.failed()).isTrue();
        assertThat(block().input(h.state, rec, none)).isEmpty();
        KeyPair signer = h.signers.get(0);
        Result<String> other = SealedCreations.clearCode(h.state, rec, Optional.of(signer));
        assertThat(other.failed()).isTrue();
        assertThat(other.rejection().message()).contains("not wrapped to key " + signer.publicKey().hex())
                .doesNotContain(SECRET);
    }

    @Test
    void aFailingSealedCallReportsItsFailureCodeWithoutTheEnginesMessage() {
        String throwing = SOURCE.replace("return String(h * 7 + tag.length);", "throw new Error(tag);");
        Address at = createSealed(throwing);
        ContractRecord rec = h.contract(at);
        ExecutionInput in = block().input(h.state, rec,
                SealedCreations.clearCode(h.state, rec, Optional.of(h.executionServer))).orElseThrow();
        CallResult answer;
        try (ContractSandbox sandbox = new ContractSandbox()) {
            answer = sandbox.call(in.call());
        }
        assertThat(answer).isInstanceOf(CallResult.Failed.class);
        assertThat(((CallResult.Failed) answer).detail()).contains(SECRET); // what the engine said…
        Payloads.ContractResult result = in.result(answer);
        assertThat(result.outcome()).isEqualTo(Payloads.CallOutcome.FAILED);
        assertThat(result.reason()).isEqualTo("script-error: detail withheld (sealed code)"); // …is not voted
    }
}
