package io.bourse.core.ledger;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Hash;
import java.util.Objects;

/**
 * What became of one commitment in a block: applied, or rejected with a reason code and a message
 * that names the rule. Receipts are deterministic: every node writes the same ones.
 *
 * <pre>  commitmentId (32) | u8 applied | u8 reason | string message  </pre>
 */
public record Receipt(Hash commitmentId, boolean applied, RejectReason reason, String message) {
    public static final int MAX_MESSAGE = 1024;
    /** The message of an applied receipt with nothing more to say. */
    public static final String APPLIED = "applied";

    public Receipt {
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (applied != (reason == RejectReason.NONE)) {
            throw new IllegalArgumentException("an applied receipt has reason NONE, a rejected one has a reason");
        }
        if (message.length() > MAX_MESSAGE) {
            int cut = Character.isHighSurrogate(message.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
            message = message.substring(0, cut); // never half a character: the receipt must stay encodable
        }
    }

    public static Receipt applied(Hash id) {
        return new Receipt(id, true, RejectReason.NONE, APPLIED);
    }

    /** Applied, with a note such as the address of a created contract. */
    public static Receipt applied(Hash id, String message) {
        return new Receipt(id, true, RejectReason.NONE, message);
    }

    public static Receipt rejected(Hash id, RejectReason reason, String message) {
        return new Receipt(id, false, reason, message);
    }

    public void encode(Writer w) {
        commitmentId.encode(w);
        w.bool(applied);
        w.u8(reason.code());
        w.string(message);
    }

    public byte[] toBytes() {
        Writer w = new Writer(64 + message.length());
        encode(w);
        return w.toByteArray();
    }

    public static Receipt decode(Reader r) {
        Hash id = Hash.decode(r, "commitmentId");
        boolean applied = r.bool("applied");
        RejectReason reason = RejectReason.fromCode(r.u8("reason"));
        String message = r.string(MAX_MESSAGE * 4, "message");
        if (message.length() > MAX_MESSAGE) {
            throw new CodecException("message: longer than " + MAX_MESSAGE + " characters");
        }
        return new Receipt(id, applied, reason, message);
    }

    public static Receipt fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "receipt", Receipt::decode);
    }
}
