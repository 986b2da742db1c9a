package io.bourse.core.ledger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.types.Hash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of a receipt with every reject reason, NONE being the applied receipt. Receipts
 * are stored with their block and every node writes the same ones. The constants were taken from
 * the encoding as it is; a failure here means the format changed.
 */
class ReceiptGoldenBytesTest {
    private static final Hash ID = GoldenSamples.hash("golden/commitment");
    private static final Map<RejectReason, String> RECEIPTS = Map.ofEntries(
            entry(RejectReason.NONE,
                    "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0100000000076170706c696564"),
            entry(RejectReason.INSUFFICIENT_BALANCE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54"
                    + "bf00010000000f726566757365642062792072756c65"),
            entry(RejectReason.SELF_TRANSFER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf000200"
                    + "00000f726566757365642062792072756c65"),
            entry(RejectReason.UNKNOWN_CONTRACT, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf00"
                    + "030000000f726566757365642062792072756c65"),
            entry(RejectReason.CONTRACT_STATE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0004"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_CONTRACT_MANAGER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54"
                    + "bf00050000000f726566757365642062792072756c65"),
            entry(RejectReason.PRICE_TOO_LOW, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf000600"
                    + "00000f726566757365642062792072756c65"),
            entry(RejectReason.HOLD_TIME, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0007000000"
                    + "0f726566757365642062792072756c65"),
            entry(RejectReason.INVESTED_RATIO, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0008"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_COIN_OPERATOR, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf00"
                    + "090000000f726566757365642062792072756c65"),
            entry(RejectReason.CURRENCY_NOT_ACCEPTED, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54"
                    + "bf000a0000000f726566757365642062792072756c65"),
            entry(RejectReason.DUPLICATE_PAYMENT_REFERENCE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961"
                    + "e17e54bf000b0000000f726566757365642062792072756c65"),
            entry(RejectReason.RATES_UNAVAILABLE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf00"
                    + "0c0000000f726566757365642062792072756c65"),
            entry(RejectReason.COIN_CONTRACT_HOLDS_NOTHING, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961"
                    + "e17e54bf000d0000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_A_SIGNER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf000e00"
                    + "00000f726566757365642062792072756c65"),
            entry(RejectReason.INVALID_PARAMETERS, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf"
                    + "000f0000000f726566757365642062792072756c65"),
            entry(RejectReason.INVALID_ORDER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001000"
                    + "00000f726566757365642062792072756c65"),
            entry(RejectReason.UNKNOWN_ORDER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001100"
                    + "00000f726566757365642062792072756c65"),
            entry(RejectReason.UNSUPPORTED, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf00120000"
                    + "000f726566757365642062792072756c65"),
            entry(RejectReason.ARITHMETIC_OVERFLOW, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf"
                    + "00130000000f726566757365642062792072756c65"),
            entry(RejectReason.MANAGER_SHARE_TOO_LARGE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e"
                    + "54bf00140000000f726566757365642062792072756c65"),
            entry(RejectReason.PRICE_ABOVE_LIMIT, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf00"
                    + "150000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_EXECUTION_SERVER, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54"
                    + "bf00160000000f726566757365642062792072756c65"),
            entry(RejectReason.STALE_EXECUTION_RESULT, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e"
                    + "54bf00170000000f726566757365642062792072756c65"),
            entry(RejectReason.RATE_OFF_MEDIAN, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0018"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.ADDRESS_IN_USE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0019"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.SETTLEMENT_FAILED, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001a"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.STORAGE_FULL, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001b"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_RATE_SOURCE, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001c"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.UNKNOWN_REDEMPTION, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf"
                    + "001d0000000f726566757365642062792072756c65"),
            entry(RejectReason.PAYOUT_RECORDED, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001e"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.SEALED_CODE_INVALID, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf001f"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.SEALED_CODE_RECIPIENTS, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0020"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.REVIEW_REPORT_INVALID, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0021"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.NOT_PENDING_CREATION, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0022"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.DUPLICATE_APPROVAL, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0023"
                    + "0000000f726566757365642062792072756c65"),
            entry(RejectReason.DUPLICATE_CODE_CHECK, "05da57763fc80127641a16d3a975b6374968238b95cd1193cb6c2961e17e54bf0024"
                    + "0000000f726566757365642062792072756c65"));

    @Test
    void aReceiptWithEveryReasonKeepsItsPinnedBytes() {
        assertThat(RECEIPTS.keySet()).containsExactlyInAnyOrder(RejectReason.values());
        for (RejectReason reason : List.of(RejectReason.values())) {
            Receipt r = reason == RejectReason.NONE ? Receipt.applied(ID)
                    : Receipt.rejected(ID, reason, "refused by rule");
            Golden.assertHex("receipt " + reason, r.toBytes(), RECEIPTS.get(reason));
            assertThat(Receipt.fromBytes(r.toBytes())).isEqualTo(r);
        }
    }

    @Test
    void anAppliedReceiptWithANoteKeepsItsPinnedBytes() {
        Receipt r = Receipt.applied(ID, "contract " + GoldenSamples.CONTRACT.text());
        Golden.assertHex("applied receipt with a note", r.toBytes(), "05da57763fc80127641a16d3a975b6374968238b95cd11"
                + "93cb6c2961e17e54bf01000000003b636f6e74726163742062786530343562663138323734656164613535353830383833"
                + "36376136353436623865646464396337636337346461313032");
    }
}
