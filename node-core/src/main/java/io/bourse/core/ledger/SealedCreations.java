package io.bourse.core.ledger;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedCodeRewrap;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * K2: a creation whose code has sealed sections becomes a contract only once Block Signer
 * operators approve it and the execution servers attest that its sealed code opens. Its block
 * records it as pending; each signer operator votes once with an ENCRYPTED_CODE_APPROVAL, each
 * execution server it is wrapped to checks it once with a SEALED_CODE_CHECK, in any order. It is
 * created by the commitment that brings both blockMinimumSigners approvals (and no rejection) and
 * contractExecutionQuorum checks that it opens; it is refused at the first rejection, at the first
 * check that it does not open (naming the server and its reason), or when {@link #APPROVAL_WINDOW}
 * blocks pass without a decision.
 *
 * <p>The ledger never sees the clear text: it checks the sealed code's form, that its data key is
 * wrapped to exactly the execution servers in force, and the review report reference's form; what
 * the sections say is for the vendor's report and the signers to judge.
 */
public final class SealedCreations {
    /** Blocks a creation waits for its votes: a vote at a height above submittedAt + this is too late. */
    public static final long APPROVAL_WINDOW = 10_000;

    private SealedCreations() {
    }

    /** The creation with sealed code {@code creationId}, pending or decided. */
    public static Optional<PendingCreation> find(StateReader s, Hash creationId) {
        return s.get(StateKeys.pendingCreation(creationId)).map(PendingCreation::fromBytes);
    }

    /** Every creation with sealed code, in the chain's order. */
    public static List<PendingCreation> all(StateReader s) {
        List<PendingCreation> out = new ArrayList<>();
        for (Hash id : ids(s)) {
            find(s, id).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The creations still pending at {@code height}, in the chain's order. Only those submitted
     * within the last {@link #APPROVAL_WINDOW} blocks can be, so it reads back from the newest and
     * stops there: its work is bounded by the creations of one window, not the chain's history.
     */
    public static List<PendingCreation> pending(StateReader s, long height) {
        List<Hash> ids = ids(s);
        List<PendingCreation> out = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            Optional<PendingCreation> pc = find(s, ids.get(i));
            if (pc.isEmpty()) {
                continue;
            }
            if (pc.get().submittedAt() + APPROVAL_WINDOW < height - 1) {
                break;
            }
            if (pc.get().status() == PendingCreation.Status.PENDING) {
                out.add(pc.get());
            }
        }
        return out.reversed();
    }

    /**
     * What the execution server holding {@code key} attests about a pending creation's sealed code:
     * that it opens (its wrap opens, the body authenticates, the sections decode and fill the public
     * code's placeholders), or why not, in words that never quote the code. Empty when the data key
     * is not wrapped to {@code key}: it has nothing to check.
     */
    public static Optional<SealedCodeCheck> checkOpens(PendingCreation pc, KeyPair key) {
        Payloads.ContractCreation cc = pc.creation();
        SealedCode sealed;
        try {
            sealed = SealedCode.fromBytes(cc.encryptedCode(), Payloads.MAX_CODE);
        } catch (CodecException e) {
            return Optional.of(SealedCodeCheck.failed(pc.creationId(), "the sealed code does not decode: " + e.getMessage()));
        }
        if (!sealed.recipients().contains(key.publicKey())) {
            return Optional.empty();
        }
        try {
            List<String> sections = CodeSealing.open(key, sealed, SealedSource.context(cc.code(), cc.reviewReportRef()));
            SealedSource.join(cc.code(), sections);
            return Optional.of(SealedCodeCheck.opened(pc.creationId()));
        } catch (CodeSealing.SealingException | IllegalArgumentException e) {
            return Optional.of(SealedCodeCheck.failed(pc.creationId(), e.getMessage()));
        }
    }

    /** A contract's sealed code as it stands, if it has any. */
    public static Optional<SealedCode> sealedCode(StateReader s, Address contract) {
        return s.get(StateKeys.sealedCode(contract)).map(b -> SealedCode.fromBytes(b, Payloads.MAX_CODE));
    }

    /**
     * The code that runs, for an execution server holding {@code key}: the contract's public code with
     * its sealed sections opened and put back. Fails with the reason (never a word of the code) when
     * the contract has sealed code this key cannot open. For a contract without sealed code, its
     * public code.
     */
    public static Result<String> clearCode(StateReader s, ContractRecord c, Optional<KeyPair> key) {
        String publicCode = LedgerState.contractCode(s, c.address()).orElse("");
        Optional<SealedCode> sealed = sealedCode(s, c.address());
        if (sealed.isEmpty()) {
            return Result.ok(publicCode);
        }
        if (key.isEmpty()) {
            return Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "contract " + c.address()
                    + " has sealed code and this node holds no execution-server key");
        }
        String report = find(s, c.creationId()).map(pc -> pc.creation().reviewReportRef()).orElse("");
        try {
            List<String> sections = CodeSealing.open(key.get(), sealed.get(), SealedSource.context(publicCode, report));
            return Result.ok(SealedSource.join(publicCode, sections));
        } catch (CodeSealing.SealingException | IllegalArgumentException e) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "contract " + c.address() + ": " + e.getMessage());
        }
    }

    /**
     * The form of a sealed creation: the review report reference, the sealed code and its
     * placeholders, and its wraps, to exactly the executionServers of {@code p}.
     */
    public static Result<SealedCode> check(NetworkParameters p, Payloads.ContractCreation cc) {
        try {
            ReviewReport.parse(cc.reviewReportRef());
        } catch (IllegalArgumentException e) {
            return Result.fail(RejectReason.REVIEW_REPORT_INVALID, e.getMessage() + " (K2)");
        }
        SealedCode sealed;
        try {
            sealed = SealedCode.fromBytes(cc.encryptedCode(), Payloads.MAX_CODE);
        } catch (CodecException e) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "encryptedCode: " + e.getMessage() + " (K2)");
        }
        String why = SealedSource.checkPlaceholders(cc.code(), sealed.sections());
        if (why != null) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "code: " + why + " (K2)");
        }
        Result<Void> to = recipients(p, sealed);
        return to.failed() ? to.propagate() : Result.ok(sealed);
    }

    /** Wrapped to exactly the executionServers of {@code p}, naming the first key too many or missing. */
    private static Result<Void> recipients(NetworkParameters p, SealedCode sealed) {
        for (PublicKey r : sealed.recipients()) {
            if (!p.executionServers().contains(r)) {
                return Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "encryptedCode: the data key is wrapped to key "
                        + r.hex() + ", which is not an execution server in the parameters in force (K2)");
            }
        }
        for (PublicKey server : p.executionServers()) {
            if (!sealed.recipients().contains(server)) {
                return Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "encryptedCode: the data key is not wrapped "
                        + "to execution server " + server.hex() + ", which could not run the contract (K2)");
            }
        }
        return Result.ok();
    }

    /** The creation's block: checked, then recorded as pending. */
    static Result<String> submit(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c,
                                 Payloads.ContractCreation cc) {
        Result<SealedCode> form = check(p, cc);
        if (form.failed()) {
            return form.propagate();
        }
        Result<Void> terms = Contracts.checkTerms(s, p, c.id(), cc);
        if (terms.failed()) {
            return terms.propagate();
        }
        long deadline = ctx.height() + APPROVAL_WINDOW;
        s.put(StateKeys.pendingCreation(c.id()), PendingCreation.submitted(c.id(), cc, ctx.height(), deadline).toBytes());
        List<Hash> ids = new ArrayList<>(ids(s));
        ids.add(c.id());
        s.put(StateKeys.sealedCreations(), new Writer().list(ids, (w, h) -> h.encode(w)).toByteArray());
        HeightQueue.add(s, HeightQueue.SEALED_CREATIONS, deadline + 1, c.id().bytes());
        return Result.ok("creation " + c.id() + " with sealed code (content " + form.value().contentHash()
                + ") is pending: it needs the approval of " + p.blockMinimumSigners()
                + " Block Signer operators and no rejection, and " + p.contractExecutionQuorum()
                + " execution servers' checks that its sealed code opens, by height " + deadline + " (K2)");
    }

    /** A signer operator's approval or rejection (Authority has checked that the sender is a signer). */
    static Result<String> vote(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c,
                               Payloads.EncryptedCodeApproval a) {
        Result<PendingCreation> found = pending(s, a.creationId());
        if (found.failed()) {
            return found.propagate();
        }
        PendingCreation pc = found.value();
        if (pc.votedBy(c.sender())) {
            return Result.fail(RejectReason.DUPLICATE_APPROVAL, "Block Signer " + c.senderAddress()
                    + " has already voted on creation " + a.creationId() + " (K2)");
        }
        if (!a.approve()) {
            String why = "rejected by Block Signer " + c.senderAddress() + " at height " + ctx.height();
            put(s, pc.decided(PendingCreation.Status.REJECTED, Optional.of(c.sender()), why, Optional.empty()));
            return Result.ok("creation " + a.creationId() + " refused: " + why + " (K2)");
        }
        PendingCreation voted = pc.approvedBy(c.sender());
        if (decided(p, voted)) {
            return create(s, p, ctx, voted);
        }
        put(s, voted);
        return Result.ok("approval " + voted.approvals().size() + " of " + p.blockMinimumSigners()
                + " recorded for creation " + a.creationId() + awaiting(p, voted) + " (K2)");
    }

    /**
     * An execution server's check of a pending creation's sealed code (Authority has checked that it
     * is a server in force the code is wrapped to). One that does not open refuses the creation at
     * once, naming the server and its reason; one that opens counts toward contractExecutionQuorum.
     */
    static Result<String> attest(StateOverlay s, NetworkParameters p, BlockContext ctx, Commitment c, SealedCodeCheck k) {
        Result<PendingCreation> found = pending(s, k.creationId());
        if (found.failed()) {
            return found.propagate();
        }
        PendingCreation pc = found.value();
        if (pc.checkedBy(c.sender())) {
            return Result.fail(RejectReason.DUPLICATE_CODE_CHECK, "execution server " + c.senderAddress()
                    + " has already checked the sealed code of creation " + k.creationId() + " (K2)");
        }
        if (!k.opens()) {
            String why = "its sealed code does not open on execution server " + c.senderAddress() + " (key "
                    + c.sender().hex() + ") at height " + ctx.height() + ": " + k.reason();
            put(s, pc.decided(PendingCreation.Status.REFUSED, Optional.empty(), why, Optional.empty()));
            return Result.ok("creation " + k.creationId() + " refused: " + why + " (K2)");
        }
        PendingCreation checked = pc.openedBy(c.sender());
        if (decided(p, checked)) {
            return create(s, p, ctx, checked);
        }
        put(s, checked);
        return Result.ok("check " + checked.checks().size() + " of " + p.contractExecutionQuorum()
                + ": the sealed code of creation " + k.creationId() + " opens on execution server "
                + c.senderAddress() + awaiting(p, checked) + " (K2)");
    }

    /** Enough approvals and enough checks that the sealed code opens: the creation is decided. */
    private static boolean decided(NetworkParameters p, PendingCreation pc) {
        return pc.approvals().size() >= p.blockMinimumSigners() && pc.checks().size() >= p.contractExecutionQuorum();
    }

    /** What a still pending creation waits for, in words. */
    private static String awaiting(NetworkParameters p, PendingCreation pc) {
        List<String> wants = new ArrayList<>();
        int approvals = p.blockMinimumSigners() - pc.approvals().size();
        if (approvals > 0) {
            wants.add(approvals + " more Block Signer approval" + (approvals == 1 ? "" : "s"));
        }
        int checks = p.contractExecutionQuorum() - pc.checks().size();
        if (checks > 0) {
            wants.add(checks + " more execution server check" + (checks == 1 ? "" : "s") + " that its sealed code opens");
        }
        return "; it awaits " + String.join(" and ", wants);
    }

    /** The creation {@code id}, if it is still pending; else why a vote or a check on it is refused. */
    private static Result<PendingCreation> pending(StateReader s, Hash id) {
        Optional<PendingCreation> found = find(s, id);
        if (found.isEmpty()) {
            return Result.fail(RejectReason.NOT_PENDING_CREATION, "no contract creation with sealed code has id "
                    + id + " (K2)");
        }
        PendingCreation pc = found.get();
        if (pc.status() != PendingCreation.Status.PENDING) {
            return Result.fail(RejectReason.NOT_PENDING_CREATION, "creation " + id + " is no longer "
                    + "pending: " + pc.status().label() + " — " + pc.outcome() + " (K2)");
        }
        return Result.ok(pc);
    }

    /** Enough approvals and checks: the contract is created, unless a rule of creation now refuses it. */
    private static Result<String> create(StateOverlay s, NetworkParameters p, BlockContext ctx, PendingCreation pc) {
        Payloads.ContractCreation cc = pc.creation();
        Result<SealedCode> form = check(p, cc); // the execution servers may have changed since the creation
        Result<String> made = form.failed() ? form.propagate()
                : Contracts.install(s, p, ctx, pc.creationId(), cc,
                        SealedSource.codeHash(cc.code(), form.value().contentHash()));
        if (made.failed()) {
            String why = "approved by " + pc.approvals().size() + " signers but refused at height " + ctx.height()
                    + ": " + made.rejection().message();
            put(s, pc.decided(PendingCreation.Status.REFUSED, Optional.empty(), why, Optional.empty()));
            return Result.ok("creation " + pc.creationId() + " " + why);
        }
        Address at = Contracts.addressFor(pc.creationId());
        s.put(StateKeys.sealedCode(at), cc.encryptedCode());
        put(s, pc.decided(PendingCreation.Status.CREATED, Optional.empty(), "approved by " + pc.approvals().size()
                + " Block Signer operators, opened by " + pc.checks().size() + " execution servers, at height "
                + ctx.height(), Optional.of(at)));
        return Result.ok(made.value() + " from creation " + pc.creationId() + " with sealed code, approved by "
                + pc.approvals().size() + " Block Signer operators and opened by " + pc.checks().size()
                + " execution servers (K2)");
    }

    /**
     * Authority: only an execution server in force that the pending creation's data key is wrapped
     * to checks its sealed code (it alone can open it).
     */
    static Result<Void> checker(Commitment c, NetworkParameters p, StateReader s, SealedCodeCheck k) {
        if (!p.executionServers().contains(c.sender())) {
            return Result.fail(RejectReason.NOT_EXECUTION_SERVER, "key " + c.senderAddress() + " is not an execution "
                    + "server in the parameters in force: only those check sealed code (K2)");
        }
        Optional<PendingCreation> pc = find(s, k.creationId());
        if (pc.isEmpty()) {
            return Result.fail(RejectReason.NOT_PENDING_CREATION, "no contract creation with sealed code has id "
                    + k.creationId() + " (K2)");
        }
        SealedCode sealed = SealedCode.fromBytes(pc.get().creation().encryptedCode(), Payloads.MAX_CODE);
        return sealed.recipients().contains(c.sender()) ? Result.ok()
                : Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "the sealed code of creation " + k.creationId()
                        + " is not wrapped to execution server " + c.senderAddress() + ": it cannot check it (K2)");
    }

    /** Authority: only a key the contract's current sealed code is wrapped to re-wraps it (it alone can open the data key). */
    static Result<Void> rewrapper(Commitment c, StateReader s, SealedCodeRewrap r) {
        Optional<SealedCode> now = sealedCode(s, r.contract());
        if (now.isEmpty()) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "contract " + r.contract() + " has no sealed code (K2)");
        }
        return now.get().recipients().contains(c.sender()) ? Result.ok()
                : Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "key " + c.sender().hex() + " is not one the data "
                        + "key of " + r.contract() + " is wrapped to: only those re-wrap it (K2)");
    }

    /**
     * The contract's data key, wrapped anew to the execution servers in force: the same sealed
     * content, wrapped to exactly those servers, and only when the set it was wrapped to differs.
     */
    static Result<String> rewrap(StateOverlay s, NetworkParameters p, SealedCodeRewrap r) {
        SealedCode now = sealedCode(s, r.contract()).orElseThrow(); // Authority checked it exists
        SealedCode next;
        try {
            next = SealedCode.fromBytes(r.sealedCode(), Payloads.MAX_CODE);
        } catch (CodecException e) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "sealedCode: " + e.getMessage() + " (K2)");
        }
        if (!next.contentHash().equals(now.contentHash())) {
            return Result.fail(RejectReason.SEALED_CODE_INVALID, "sealedCode: content " + next.contentHash()
                    + " is not the contract's approved content " + now.contentHash() + ": a re-wrap changes only the wraps (K2)");
        }
        if (now.recipients().equals(sorted(p.executionServers()))) {
            return Result.fail(RejectReason.SEALED_CODE_RECIPIENTS, "the data key of " + r.contract()
                    + " is already wrapped to exactly the execution servers in force (K2)");
        }
        Result<Void> to = recipients(p, next);
        if (to.failed()) {
            return to.propagate();
        }
        s.put(StateKeys.sealedCode(r.contract()), next.toBytes());
        return Result.ok("data key of " + r.contract() + " re-wrapped to " + next.recipients().size()
                + " execution servers (K2)");
    }

    /** The execution servers of {@code p} in the order sealed code lists its wraps. */
    public static List<PublicKey> sorted(List<PublicKey> keys) {
        return keys.stream().sorted().toList();
    }

    /** At the start of each block: creations whose approval window ended are refused. */
    static void expire(StateOverlay s, long height) {
        for (byte[] id : HeightQueue.drain(s, HeightQueue.SEALED_CREATIONS, height)) {
            Optional<PendingCreation> pc = find(s, new Hash(id));
            if (pc.isPresent() && pc.get().status() == PendingCreation.Status.PENDING) {
                put(s, pc.get().decided(PendingCreation.Status.EXPIRED, Optional.empty(), "no decision by height "
                        + pc.get().deadline() + " (" + APPROVAL_WINDOW + " blocks after its creation)", Optional.empty()));
            }
        }
    }

    private static void put(StateOverlay s, PendingCreation pc) {
        s.put(StateKeys.pendingCreation(pc.creationId()), pc.toBytes());
    }

    private static List<Hash> ids(StateReader s) {
        return s.get(StateKeys.sealedCreations())
                .map(b -> Reader.decodeAll(b, "sealed creations", r -> r.list(Integer.MAX_VALUE, "ids",
                        rr -> Hash.decode(rr, "creationId"))))
                .orElse(List.of());
    }
}
