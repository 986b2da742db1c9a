package io.bourse.core.ledger;

/** Why a commitment in a block was rejected, grouped by subsystem. The receipt's message gives the detail. */
public enum RejectReason {
    NONE,
    // accounts and tokens
    INSUFFICIENT_BALANCE,
    SELF_TRANSFER,
    // contracts
    UNKNOWN_CONTRACT,
    CONTRACT_STATE,
    NOT_CONTRACT_MANAGER,
    PRICE_TOO_LOW,
    HOLD_TIME,
    INVESTED_RATIO,
    // coin contract
    NOT_COIN_OPERATOR,
    CURRENCY_NOT_ACCEPTED,
    DUPLICATE_PAYMENT_REFERENCE,
    RATES_UNAVAILABLE,
    COIN_CONTRACT_HOLDS_NOTHING,
    // governance
    NOT_A_SIGNER,
    INVALID_PARAMETERS,
    // market
    INVALID_ORDER,
    UNKNOWN_ORDER,
    // not implemented by this version of the ledger: rejected so every node agrees
    UNSUPPORTED,
    ARITHMETIC_OVERFLOW,
    // added by the ledger issue (append only: the ordinal is in the receipt encoding)
    MANAGER_SHARE_TOO_LARGE,
    PRICE_ABOVE_LIMIT,
    NOT_EXECUTION_SERVER,
    STALE_EXECUTION_RESULT,
    RATE_OFF_MEDIAN,
    ADDRESS_IN_USE
}
