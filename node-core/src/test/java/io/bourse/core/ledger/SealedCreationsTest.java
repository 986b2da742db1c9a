package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SealedCreationsTest { // covers: K2
    static final String SECRET = "SECRET_EDGE_7f3a";
    static final String SOURCE = String.join("\n",
            "function onNewBlock(ctx) {",
            "  ctx.storage.set('n', String(edge()));",
            "}",
            "// @sealed-begin strategy",
            "function edge() { return '" + SECRET + "'.length; }",
            "// @sealed-end");
    static final String REPORT = new ReviewReport("Trail of Owls", "https://owls.example/r/1",
            Hash.of("the report".getBytes(StandardCharsets.UTF_8))).format();

    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(0);
    final SecureRandom random = new SecureRandom();

    Payloads.ContractCreation sealed(String report, List<PublicKey> to) {
        SealedSource.Split split = SealedSource.split(SOURCE, Set.of());
        SealedCode sc = CodeSealing.seal(split.sections(), to, SealedSource.context(split.publicCode(), report), random);
        return creation(split.publicCode(), sc.toBytes(), report);
    }

    Payloads.ContractCreation creation(String code, byte[] enc, String report) {
        return new Payloads.ContractCreation("sealed fund", manager.publicKey(), code, enc, report, Amount.ofWhole(100),
                Amount.ONE, 0, 0, "{}");
    }

    Payloads.ContractCreation sealed() {
        return sealed(REPORT, List.of(h.executionServer.publicKey()));
    }

    Receipt vote(int signer, Hash creation, boolean approve) {
        return h.special(h.sign(h.signers.get(signer), new Payloads.EncryptedCodeApproval(creation, approve)));
    }

    @Test
    void aSealedCreationWaitsForTheSignersThenBecomesAContractOnlyServersCanRead() {
        Payloads.ContractCreation cc = sealed();
        Commitment c = h.sign(h.signers.get(0), cc);
        Receipt pending = h.special(c);
        assertThat(pending.applied()).as(pending.message()).isTrue();
        assertThat(pending.message()).contains("pending").contains("approval of " + h.params.blockMinimumSigners());
        Address at = Contracts.addressFor(c.id());
        assertThat(LedgerState.contract(h.state, at)).isEmpty();
        assertThat(SealedCreations.find(h.state, c.id()).orElseThrow().status()).isEqualTo(PendingCreation.Status.PENDING);

        int needed = h.params.blockMinimumSigners();
        for (int i = 0; i < needed - 1; i++) {
            Receipt r = vote(i, c.id(), true);
            assertThat(r.message()).contains("approval " + (i + 1) + " of " + needed);
            assertThat(LedgerState.contract(h.state, at)).isEmpty();
        }
        Receipt last = vote(needed - 1, c.id(), true);
        assertThat(last.applied()).isTrue();
        assertThat(last.message()).contains("approval " + needed + " of " + needed)
                .contains("awaits 1 more execution server check that its sealed code opens");
        assertThat(LedgerState.contract(h.state, at)).isEmpty();
        Receipt opened = h.opened(h.executionServer, c.id());
        assertThat(opened.applied()).as(opened.message()).isTrue();
        assertThat(opened.message()).contains("contract " + at + " created").contains("approved by " + needed)
                .contains("opened by 1 execution servers");

        PendingCreation done = SealedCreations.find(h.state, c.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PendingCreation.Status.CREATED);
        assertThat(done.contract()).contains(at);
        assertThat(done.approvals()).hasSize(needed);
        assertThat(done.checks()).containsExactly(h.executionServer.publicKey());
        ContractRecord rec = h.contract(at);
        SealedCode stored = SealedCreations.sealedCode(h.state, at).orElseThrow();
        assertThat(rec.codeHash()).isEqualTo(SealedSource.codeHash(cc.code(), stored.contentHash()));
        assertThat(LedgerState.contractCode(h.state, at).orElseThrow()).isEqualTo(cc.code()).doesNotContain(SECRET)
                .contains("// @sealed-section 0");
        // only the execution server opens it, and the join is the source without its markers
        List<String> sections = CodeSealing.open(h.executionServer, stored, SealedSource.context(cc.code(), REPORT));
        assertThat(SealedSource.join(cc.code(), sections)).isEqualTo(SOURCE.replace("// @sealed-begin strategy\n", "")
                .replace("\n// @sealed-end", ""));
        // no receipt of the whole story holds the clear text
        assertThat(h.allReceipts).allSatisfy(r -> assertThat(r.message()).doesNotContain(SECRET));
        assertThat(vote(needed, c.id(), true).reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
    }

    @Test
    void theServersChecksMayComeBeforeTheApprovalsAndTheLastApprovalThenCreates() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        Receipt opened = h.opened(h.executionServer, c.id());
        assertThat(opened.applied()).isTrue();
        int needed = h.params.blockMinimumSigners();
        assertThat(opened.message()).contains("check 1 of 1").contains("opens on execution server "
                + h.executionServer.address()).contains("awaits " + needed + " more Block Signer approvals");
        assertThat(SealedCreations.find(h.state, c.id()).orElseThrow().status()).isEqualTo(PendingCreation.Status.PENDING);
        Receipt last = null;
        for (int i = 0; i < needed; i++) {
            last = vote(i, c.id(), true);
        }
        assertThat(last.message()).contains("created").contains("approved by " + needed);
        assertThat(LedgerState.contract(h.state, Contracts.addressFor(c.id()))).isPresent();
    }

    @Test
    void aCheckThatTheSealedCodeDoesNotOpenRefusesTheCreationAtOnceNamingTheServerAndWhy() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        assertThat(vote(0, c.id(), true).applied()).isTrue();
        String why = "the sealed section does not authenticate (AES-GCM tag)";
        Receipt failed = h.one(h.sign(h.executionServer, SealedCodeCheck.failed(c.id(), why)));
        assertThat(failed.applied()).as(failed.message()).isTrue();
        assertThat(failed.message()).contains("creation " + c.id() + " refused")
                .contains("does not open on execution server " + h.executionServer.address()).contains(why);
        PendingCreation pc = SealedCreations.find(h.state, c.id()).orElseThrow();
        assertThat(pc.status()).isEqualTo(PendingCreation.Status.REFUSED);
        assertThat(pc.outcome()).contains(h.executionServer.address().toString()).contains(why);
        Receipt late = vote(1, c.id(), true);
        assertThat(late.reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
        assertThat(late.message()).contains("refused").contains(why);
        assertThat(h.opened(h.executionServer, c.id()).reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
        assertThat(LedgerState.contract(h.state, Contracts.addressFor(c.id()))).isEmpty();
    }

    @Test
    void checksFromANonServerOrAServerNotWrappedToOrTwiceOrForNothingAreRefused() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        Receipt byUser = h.one(h.sign(h.user(1), SealedCodeCheck.opened(c.id())));
        assertThat(byUser.reason()).isEqualTo(RejectReason.NOT_EXECUTION_SERVER);
        assertThat(byUser.message()).contains("only those check sealed code");
        Receipt bySigner = h.one(h.sign(h.signers.get(0), SealedCodeCheck.failed(c.id(), "no")));
        assertThat(bySigner.reason()).isEqualTo(RejectReason.NOT_EXECUTION_SERVER);

        KeyPair newcomer = LedgerHarness.key(41);
        io.bourse.core.params.NetworkParameters next = LedgerState.parameters(h.state).withContractExecution(
                List.of(h.executionServer.publicKey(), newcomer.publicKey()), 1, h.params.contractStatementBudget());
        assertThat(h.special(h.sign(h.signers.get(0), new Payloads.NetworkParametersUpdate(next.toJson()))).applied())
                .isTrue();
        Receipt notWrapped = h.one(h.sign(newcomer, SealedCodeCheck.failed(c.id(), "no wrap for this key")));
        assertThat(notWrapped.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
        assertThat(notWrapped.message()).contains("not wrapped to execution server " + newcomer.address());
        assertThat(SealedCreations.find(h.state, c.id()).orElseThrow().status()).isEqualTo(PendingCreation.Status.PENDING);

        assertThat(h.opened(h.executionServer, c.id()).applied()).isTrue();
        Receipt twice = h.one(h.sign(h.executionServer, SealedCodeCheck.failed(c.id(), "changed my mind")));
        assertThat(twice.reason()).isEqualTo(RejectReason.DUPLICATE_CODE_CHECK);
        assertThat(twice.message()).contains("already checked");
        PendingCreation pc = SealedCreations.find(h.state, c.id()).orElseThrow();
        assertThat(pc.status()).isEqualTo(PendingCreation.Status.PENDING);
        assertThat(pc.checks()).containsExactly(h.executionServer.publicKey());
        assertThat(h.opened(h.executionServer, Hash.of(new byte[] {9})).reason())
                .isEqualTo(RejectReason.NOT_PENDING_CREATION);
    }

    @Test
    void aCheckSaysWhyWhenTheCodeDoesNotOpenAndNothingWhenItDoes() {
        Hash id = Hash.of(new byte[] {1});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SealedCodeCheck(id, false, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SealedCodeCheck(id, true, "fine"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThat(SealedCodeCheck.failed(id, "x".repeat(400)).reason()).hasSize(Payloads.MAX_TEXT);
    }

    @Test
    void aVersionOneRecordWithoutChecksStillDecodesWithNone() {
        Hash id = Hash.of(new byte[] {5});
        PublicKey signer = h.signers.get(0).publicKey();
        io.bourse.core.codec.Writer w = new io.bourse.core.codec.Writer();
        w.u8(1);
        id.encode(w);
        sealed().encode(w);
        w.i64(7).i64(10_007);
        w.list(List.of(signer), (ww, k) -> k.encode(ww));
        w.bool(false);
        w.u8(PendingCreation.Status.PENDING.code()).string("");
        w.bool(false);
        PendingCreation old = PendingCreation.fromBytes(w.toByteArray());
        assertThat(old.approvals()).containsExactly(signer);
        assertThat(old.checks()).isEmpty();
        assertThat(old.deadline()).isEqualTo(10_007);
        assertThat(PendingCreation.fromBytes(old.openedBy(h.executionServer.publicKey()).toBytes()).checks())
                .containsExactly(h.executionServer.publicKey());
    }

    @Test
    void oneRejectionRefusesTheCreationAndLaterVotesAreRefused() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        assertThat(vote(0, c.id(), true).applied()).isTrue();
        Receipt no = vote(1, c.id(), false);
        assertThat(no.applied()).isTrue();
        assertThat(no.message()).contains("refused: rejected by Block Signer " + h.signers.get(1).address());
        PendingCreation pc = SealedCreations.find(h.state, c.id()).orElseThrow();
        assertThat(pc.status()).isEqualTo(PendingCreation.Status.REJECTED);
        assertThat(pc.rejectedBy()).contains(h.signers.get(1).publicKey());
        Receipt late = vote(2, c.id(), true);
        assertThat(late.reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
        assertThat(late.message()).contains("rejected");
        assertThat(LedgerState.contract(h.state, Contracts.addressFor(c.id()))).isEmpty();
    }

    @Test
    void aCreationWithoutADecisionExpiresAfterTheApprovalWindow() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        h.skipHeights(SealedCreations.APPROVAL_WINDOW);
        h.normal();
        PendingCreation pc = SealedCreations.find(h.state, c.id()).orElseThrow();
        assertThat(pc.status()).isEqualTo(PendingCreation.Status.EXPIRED);
        assertThat(pc.outcome()).contains(SealedCreations.APPROVAL_WINDOW + " blocks");
        assertThat(vote(0, c.id(), true).reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
    }

    @Test
    void approvalsFromANonSignerOrTwiceFromOneSignerOrForNothingAreRefused() {
        Commitment c = h.sign(h.signers.get(0), sealed());
        h.special(c);
        Receipt byUser = h.special(h.sign(h.user(1), new Payloads.EncryptedCodeApproval(c.id(), true)));
        assertThat(byUser.reason()).isEqualTo(RejectReason.NOT_A_SIGNER);
        assertThat(byUser.message()).contains("only a Block Signer approves encrypted code");
        assertThat(vote(0, c.id(), true).applied()).isTrue();
        Receipt twice = vote(0, c.id(), false);
        assertThat(twice.reason()).isEqualTo(RejectReason.DUPLICATE_APPROVAL);
        assertThat(SealedCreations.find(h.state, c.id()).orElseThrow().status()).isEqualTo(PendingCreation.Status.PENDING);
        assertThat(vote(1, Hash.of(new byte[] {9}), true).reason()).isEqualTo(RejectReason.NOT_PENDING_CREATION);
    }

    @Test
    void aWrapToAnUnknownKeyOrAMissingWrapIsRefusedNamingTheKey() {
        KeyPair stranger = LedgerHarness.key(99);
        Receipt unknown = h.special(h.sign(h.signers.get(0),
                sealed(REPORT, List.of(h.executionServer.publicKey(), stranger.publicKey()))));
        assertThat(unknown.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
        assertThat(unknown.message()).contains(stranger.publicKey().hex()).contains("not an execution server");
        Receipt missing = h.special(h.sign(h.signers.get(0), sealed(REPORT, List.of(stranger.publicKey()))));
        assertThat(missing.reason()).isEqualTo(RejectReason.SEALED_CODE_RECIPIENTS);
    }

    @Test
    void aMalformedReportReferenceIsRefusedNamingWhatIsWrong() {
        String badHash = "sha256:abc https://owls.example/r/1 Trail of Owls";
        Receipt r = h.special(h.sign(h.signers.get(0), sealed(badHash, List.of(h.executionServer.publicKey()))));
        assertThat(r.reason()).isEqualTo(RejectReason.REVIEW_REPORT_INVALID);
        assertThat(r.message()).contains("sha256").contains("64");
        Receipt none = h.special(h.sign(h.signers.get(0), sealed("", List.of(h.executionServer.publicKey()))));
        assertThat(none.reason()).isEqualTo(RejectReason.REVIEW_REPORT_INVALID);
        assertThat(none.message()).contains("missing");
    }

    @Test
    void sealedCodeThatDoesNotDecodeOrDoesNotMatchThePlaceholdersIsRefused() {
        Receipt garbage = h.special(h.sign(h.signers.get(0), creation("// @sealed-section 0", new byte[] {1, 2}, REPORT)));
        assertThat(garbage.reason()).isEqualTo(RejectReason.SEALED_CODE_INVALID);
        assertThat(garbage.message()).contains("encryptedCode");
        Payloads.ContractCreation good = sealed();
        Receipt noPlaceholder = h.special(h.sign(h.signers.get(0),
                creation("function onNewBlock(ctx) {}", good.encryptedCode(), REPORT)));
        assertThat(noPlaceholder.reason()).isEqualTo(RejectReason.SEALED_CODE_INVALID);
        assertThat(noPlaceholder.message()).contains("0 '// @sealed-section' placeholders for 1");
    }

    @Test
    void aTamperedSectionDoesNotOpenOnTheExecutionServer() {
        Payloads.ContractCreation cc = sealed();
        SealedCode s = SealedCode.fromBytes(cc.encryptedCode(), Payloads.MAX_CODE);
        byte[] ct = s.ciphertext();
        ct[0] ^= 0x20;
        SealedCode tampered = new SealedCode(s.sections(), s.ephemeral(), s.nonce(), ct, s.wraps());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CodeSealing.open(h.executionServer, tampered,
                        SealedSource.context(cc.code(), REPORT)))
                .isInstanceOf(CodeSealing.SealingException.class).hasMessageContaining("authenticate");
        // the same sections under another report reference do not open either
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CodeSealing.open(h.executionServer, s,
                        SealedSource.context(cc.code(), REPORT.replace("Owls", "Larks"))))
                .isInstanceOf(CodeSealing.SealingException.class);
    }
}
