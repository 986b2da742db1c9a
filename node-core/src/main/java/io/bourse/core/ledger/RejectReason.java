package io.bourse.core.ledger;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.WireCode;

/**
 * Why a commitment in a block was rejected, grouped by subsystem. The receipt's message gives the
 * detail. The {@link #code()} is the receipt's {@code u8} reason: part of the format, so a code is
 * never changed or reused; a new reason takes the next free code.
 */
public enum RejectReason implements WireCode {
    NONE(0),
    // accounts and tokens
    INSUFFICIENT_BALANCE(1),
    SELF_TRANSFER(2),
    // contracts
    UNKNOWN_CONTRACT(3),
    CONTRACT_STATE(4),
    NOT_CONTRACT_MANAGER(5),
    PRICE_TOO_LOW(6),
    HOLD_TIME(7),
    INVESTED_RATIO(8),
    // coin contract
    NOT_COIN_OPERATOR(9),
    CURRENCY_NOT_ACCEPTED(10),
    DUPLICATE_PAYMENT_REFERENCE(11),
    RATES_UNAVAILABLE(12),
    COIN_CONTRACT_HOLDS_NOTHING(13),
    // governance
    NOT_A_SIGNER(14),
    INVALID_PARAMETERS(15),
    // market
    INVALID_ORDER(16),
    UNKNOWN_ORDER(17),
    // not implemented by this version of the ledger: rejected so every node agrees
    UNSUPPORTED(18),
    ARITHMETIC_OVERFLOW(19),
    // added by the ledger issue
    MANAGER_SHARE_TOO_LARGE(20),
    PRICE_ABOVE_LIMIT(21),
    NOT_EXECUTION_SERVER(22),
    STALE_EXECUTION_RESULT(23),
    RATE_OFF_MEDIAN(24),
    ADDRESS_IN_USE(25),
    /** A settlement the ledger's bookkeeping guarantees failed: a broken invariant, reported as such (not as an overflow). */
    SETTLEMENT_FAILED(26),
    /** A contract's storage writes would exceed its keys or bytes (K6). */
    STORAGE_FULL(27),
    /** A rate report signed by a key that is not in the parameters' rateSources (N4). */
    NOT_RATE_SOURCE(28),
    /** A payout record names no redemption (N3). */
    UNKNOWN_REDEMPTION(29),
    /** A payout is recorded already for the redemption, or its outside reference for another one (N3). */
    PAYOUT_RECORDED(30),
    // --- K2 sealed code (docs/contracts.md, "Sealed code") ---
    /** A creation's sealed code does not decode, or its public code's placeholders do not match its sections. */
    SEALED_CODE_INVALID(31),
    /** Sealed code wrapped to a key that is no execution server, or not to every execution server. */
    SEALED_CODE_RECIPIENTS(32),
    /** A creation with sealed code whose review report reference is missing or malformed (vendor, URL, SHA-256). */
    REVIEW_REPORT_INVALID(33),
    /** An approval or a code check for a creation that is not pending (unknown, already decided, or expired). */
    NOT_PENDING_CREATION(34),
    /** A second approval or rejection of one pending creation by the same signer. */
    DUPLICATE_APPROVAL(35),
    /** A second check of one pending creation's sealed code by the same execution server. */
    DUPLICATE_CODE_CHECK(36);

    private static final RejectReason[] ALL = values();
    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** @throws CodecException for a code no reason has */
    public static RejectReason fromCode(int code) {
        return WireCode.fromCode(ALL, code, "reject reason");
    }
}
