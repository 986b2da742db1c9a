package io.bourse.core.ledger;

import static io.bourse.core.testing.CodecChecks.assertRefusedCleanlyOrCanonical;
import static io.bourse.core.testing.CodecChecks.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Writer;
import io.bourse.core.testing.CodecChecks;
import io.bourse.core.testing.CoreArbitraries;
import io.bourse.core.types.Hash;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

// covers: C1 (receipts are deterministic and have one encoding)
class ReceiptCodecTest {

    @Property(tries = 300)
    void receiptRoundTrips(@ForAll("receipts") Receipt r) {
        assertRoundTrip(r, Receipt::toBytes, Receipt::fromBytes);
    }

    @Property(tries = 1000)
    void damagedReceiptsAreRefusedCleanlyOrAreCanonical(@ForAll("damagedReceipts") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, Receipt::fromBytes, Receipt::toBytes);
    }

    @Test
    void anAppliedReceiptWithAReasonIsRefused() {
        byte[] b = new Writer().fixed(new byte[32]).bool(true).u8(RejectReason.INSUFFICIENT_BALANCE.code())
                .string("x").toByteArray();
        assertThatThrownBy(() -> Receipt.fromBytes(b)).isInstanceOf(CodecException.class);
    }

    /** Regression: decode once accepted a longer message and cut it, giving one receipt two byte forms. */
    @Test
    void aMessageBeyondTheLimitIsRefusedOnTheWire() {
        byte[] b = new Writer().fixed(new byte[32]).bool(false).u8(RejectReason.UNSUPPORTED.code())
                .string("m".repeat(Receipt.MAX_MESSAGE + 1)).toByteArray();
        assertThatThrownBy(() -> Receipt.fromBytes(b)).isInstanceOf(CodecException.class);
    }

    @Test
    void aLongMessageIsCutAtConstruction() {
        Receipt r = Receipt.rejected(Hash.ZERO, RejectReason.UNSUPPORTED, "m".repeat(5000));
        assertThat(r.message()).hasSize(Receipt.MAX_MESSAGE);
    }

    /**
     * Cutting at 1,024 characters must not split a surrogate pair, or the receipt could not be
     * encoded (Writer.string refuses an unpaired surrogate). DEFECT in node-core: Receipt's
     * constructor cuts with substring(0, MAX_MESSAGE); fix: cut one character earlier when the
     * last kept one is a high surrogate.
     */
    @Test
    void cuttingALongMessageKeepsItEncodable() {
        String msg = "m".repeat(Receipt.MAX_MESSAGE - 1) + "\uD83D\uDE00" + "tail"; // an emoji across the cut
        Receipt r = Receipt.rejected(Hash.ZERO, RejectReason.UNSUPPORTED, msg);
        assertThat(Receipt.fromBytes(r.toBytes())).isEqualTo(r);
    }

    @Provide Arbitrary<Receipt> receipts() { return CoreArbitraries.receipts(); }

    @Provide
    Arbitrary<byte[]> damagedReceipts() {
        return CodecChecks.hostile(CoreArbitraries.receipts(), Receipt::toBytes);
    }
}
