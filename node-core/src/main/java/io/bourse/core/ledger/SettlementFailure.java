package io.bourse.core.ledger;

/**
 * A settlement that the ledger's own bookkeeping says cannot fail did (reserved funds missing, an
 * option pool short, a fee above the balance): a broken invariant, not an amount out of range. It
 * extends {@link ArithmeticException} so every place that already contains arithmetic failures
 * contains it too; the commitment that hit it is rejected as {@link RejectReason#SETTLEMENT_FAILED}.
 */
final class SettlementFailure extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    SettlementFailure(String message) {
        super(message);
    }
}
