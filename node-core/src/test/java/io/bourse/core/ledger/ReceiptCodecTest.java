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
        byte[] b = new Writer().fixed(new byte[32]).bool(true).u8(RejectReason.INSUFFICIENT_BALANCE.ordinal())
                .string("x").toByteArray();
        assertThatThrownBy(() -> Receipt.fromBytes(b)).isInstanceOf(CodecException.class);
    }

    /**
     * Was a node-core defect, now fixed: Receipt's constructor cuts a message beyond 1024 characters, and decode
     * accepts up to 4096 bytes, so a longer message decodes to a receipt that encodes to other bytes
     * (two byte forms for one receipt). Fix: refuse (not cut) an over-long message when decoding.
     */
    @Test
    void aMessageBeyondTheLimitIsRefusedOnTheWire() {
        byte[] b = new Writer().fixed(new byte[32]).bool(false).u8(RejectReason.UNSUPPORTED.ordinal())
                .string("m".repeat(Receipt.MAX_MESSAGE + 1)).toByteArray();
        assertThatThrownBy(() -> Receipt.fromBytes(b)).isInstanceOf(CodecException.class);
    }

    @Test
    void aLongMessageIsCutAtConstruction() {
        Receipt r = Receipt.rejected(Hash.ZERO, RejectReason.UNSUPPORTED, "m".repeat(5000));
        assertThat(r.message()).hasSize(Receipt.MAX_MESSAGE);
    }

    @Provide Arbitrary<Receipt> receipts() { return CoreArbitraries.receipts(); }

    @Provide
    Arbitrary<byte[]> damagedReceipts() {
        return CodecChecks.hostile(CoreArbitraries.receipts(), Receipt::toBytes);
    }
}
