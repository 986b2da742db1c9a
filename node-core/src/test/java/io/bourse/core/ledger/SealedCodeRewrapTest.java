package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.SealedCodeRewrap;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** K2: when the execution servers change, a server that holds the data key wraps it to the new set. */
class SealedCodeRewrapTest { // covers: K2
    static final KeyPair A = LedgerHarness.key(40); // the harness's execution server
    static final KeyPair B = LedgerHarness.key(41);
    static final KeyPair C = LedgerHarness.key(42);

    final LedgerHarness h = new LedgerHarness(p -> p.withContractExecution(List.of(A.publicKey(), B.publicKey()), 1,
            p.contractStatementBudget()));
    final SecureRandom random = new SecureRandom();
    final SealedSource.Split split = SealedSource.split(SealedCreationsTest.SOURCE, Set.of());
    final byte[] context = SealedSource.context(split.publicCode(), SealedCreationsTest.REPORT);
    final Address contract = createSealed();

    private Address createSealed() {
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(A.publicKey(), B.publicKey()), context, random);
        Commitment c = h.sign(h.signers.get(0), new Payloads.ContractCreation("sealed", h.user(0).publicKey(),
                split.publicCode(), sc.toBytes(), SealedCreationsTest.REPORT, Amount.ofWhole(10), Amount.ONE, 0, 0, "{}"));
        assertThat(h.special(c).applied()).isTrue();
        assertThat(h.opened(A, c.id()).applied()).isTrue();
        for (int i = 0; i < h.params.blockMinimumSigners(); i++) {
            h.special(h.sign(h.signers.get(i), new Payloads.EncryptedCodeApproval(c.id(), true)));
        }
        return Contracts.addressFor(c.id());
    }

    private void serversBecome(PublicKey... servers) {
        NetworkParameters next = LedgerState.parameters(h.state).withContractExecution(List.of(servers), 1,
                h.params.contractStatementBudget());
        assertThat(h.special(h.sign(h.signers.get(0), new Payloads.NetworkParametersUpdate(next.toJson()))).applied())
                .isTrue();
    }

    private SealedCode now() {
        return SealedCreations.sealedCode(h.state, contract).orElseThrow();
    }

    @Test
    void aStayingServerReWrapsTheDataKeyToTheNewSetWhichThenOpensIt() {
        serversBecome(A.publicKey(), C.publicKey());
        assertThatThrownBy(() -> CodeSealing.open(C, now(), context)).isInstanceOf(CodeSealing.SealingException.class);
        SealedCode moved = CodeSealing.rewrap(A, now(), List.of(A.publicKey(), C.publicKey()), random);
        Receipt r = h.one(h.sign(A, new SealedCodeRewrap(contract, moved.toBytes())));
        assertThat(r.applied()).as(r.message()).isTrue();
        assertThat(r.message()).contains("re-wrapped to 2 execution servers");
        assertThat(now().recipients()).containsExactlyElementsOf(SealedCreations.sorted(List.of(A.publicKey(), C.publicKey())));
        assertThat(CodeSealing.open(C, now(), context)).isEqualTo(split.sections());
        // the content the signers approved is unchanged, and with it the contract's code hash
        assertThat(SealedSource.codeHash(split.publicCode(), now().contentHash())).isEqualTo(h.contract(contract).codeHash());
        // the departed server's new wrap is gone (what it read before, it may have kept: docs/contracts.md)
        assertThatThrownBy(() -> CodeSealing.open(B, now(), context)).isInstanceOf(CodeSealing.SealingException.class);
        Receipt again = h.one(h.sign(A, new SealedCodeRewrap(contract,
                CodeSealing.rewrap(A, now(), List.of(A.publicKey(), C.publicKey()), random).toBytes())));
        assertThat(again.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
        assertThat(again.message()).contains("already wrapped to exactly");
    }

    @Test
    void aKeyWithoutAWrapOrAnotherContentOrTheWrongSetIsRefused() {
        serversBecome(A.publicKey(), C.publicKey());
        SealedCode good = CodeSealing.rewrap(A, now(), List.of(A.publicKey(), C.publicKey()), random);
        Receipt byNewcomer = h.one(h.sign(C, new SealedCodeRewrap(contract, good.toBytes())));
        assertThat(byNewcomer.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
        assertThat(byNewcomer.message()).contains(C.publicKey().hex()).contains("only those re-wrap it");
        SealedCode other = CodeSealing.seal(List.of("function evil() {}"), List.of(A.publicKey(), C.publicKey()), context,
                random);
        Receipt swapped = h.one(h.sign(A, new SealedCodeRewrap(contract, other.toBytes())));
        assertThat(swapped.reason()).isEqualTo(RejectReason.SEALED_CODE_INVALID);
        assertThat(swapped.message()).contains("not the contract's approved content");
        SealedCode stale = CodeSealing.rewrap(A, now(), List.of(A.publicKey(), B.publicKey(), C.publicKey()), random);
        Receipt tooMany = h.one(h.sign(A, new SealedCodeRewrap(contract, stale.toBytes())));
        assertThat(tooMany.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
        assertThat(tooMany.message()).contains(B.publicKey().hex());
        assertThat(h.one(h.sign(A, new SealedCodeRewrap(contract, new byte[] {7}))).reason())
                .isEqualTo(RejectReason.SEALED_CODE_INVALID);
    }

    @Test
    void approvalsAfterTheServersChangedRefuseACreationWrappedToTheOldSet() {
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(A.publicKey(), B.publicKey()), context, random);
        Commitment c = h.sign(h.signers.get(0), new Payloads.ContractCreation("late", h.user(0).publicKey(),
                split.publicCode(), sc.toBytes(), SealedCreationsTest.REPORT, Amount.ofWhole(10), Amount.ONE, 0, 0, "{}"));
        h.special(c);
        serversBecome(A.publicKey(), C.publicKey());
        assertThat(h.opened(A, c.id()).applied()).isTrue();
        Receipt last = null;
        for (int i = 0; i < h.params.blockMinimumSigners(); i++) {
            last = h.special(h.sign(h.signers.get(i), new Payloads.EncryptedCodeApproval(c.id(), true)));
        }
        assertThat(last.message()).contains("refused").contains(B.publicKey().hex()).contains("not an execution server");
        assertThat(SealedCreations.find(h.state, c.id()).orElseThrow().status()).isEqualTo(PendingCreation.Status.REFUSED);
        assertThat(LedgerState.contract(h.state, Contracts.addressFor(c.id()))).isEmpty();
    }
}
