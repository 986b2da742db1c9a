package io.bourse.core.block;

import java.util.Objects;

/**
 * Why a block, a certificate or a consensus message was refused: a reason with a stable code
 * (logged and counted by it, e.g. {@code bourse_consensus_refused_total{reason="state-root-mismatch"}})
 * and a detail for the operator. Refusals are expected outcomes, never exceptions.
 */
public record Refusal(Reason reason, String detail) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public static Refusal of(Reason reason, String detail) {
        return new Refusal(reason, detail);
    }

    /** "reason-code: detail", for log lines. */
    @Override
    public String toString() {
        return reason.code() + ": " + detail;
    }

    /** The reasons, each with a code that never changes (metrics and logs are keyed by it). */
    public enum Reason {
        // a block's own structure
        WRONG_CHAIN("wrong-chain"),
        BAD_GENERATOR_SIGNATURE("bad-generator-signature"),
        HEADER_BODY_MISMATCH("header-body-mismatch"),
        SPECIAL_BLOCK_SHAPE("special-block-shape"),
        // a block on the head
        WRONG_HEIGHT("wrong-height"),
        NOT_ON_HEAD("not-on-head"),
        TIMESTAMP_NOT_AFTER_PARENT("timestamp-not-after-parent"),
        TIMESTAMP_IN_FUTURE("timestamp-in-future"),
        WRONG_PARAMETERS("wrong-parameters"),
        GENERATOR_NOT_SIGNER("generator-not-signer"),
        PARENT_CERTIFICATE_MISSING("parent-certificate-missing"),
        PARENT_CERTIFICATE_UNEXPECTED("parent-certificate-unexpected"),
        // a block's effects
        INVALID_COMMITMENT("invalid-commitment"),
        STATE_ROOT_MISMATCH("state-root-mismatch"),
        // quorum certificates
        CERTIFICATE_FOR_OTHER_BLOCK("certificate-for-other-block"),
        SEAL_BY_NON_SIGNER("seal-by-non-signer"),
        BAD_SEAL("bad-seal"),
        TOO_FEW_SEALS("too-few-seals"),
        // consensus messages
        SENDER_NOT_SIGNER("sender-not-signer"),
        BAD_MESSAGE_SIGNATURE("bad-message-signature"),
        WRONG_PROPOSER("wrong-proposer"),
        BAD_PREPARED_CERTIFICATE("bad-prepared-certificate"),
        BAD_JUSTIFICATION("bad-justification");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
