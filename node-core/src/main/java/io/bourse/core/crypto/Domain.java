package io.bourse.core.crypto;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.WireCode;
import java.nio.charset.StandardCharsets;

/**
 * What a signature is for. The signed bytes are {@code "BOURSE/1/" + tag + 0x00 + chainId + 0x00 +
 * message}, so a signature made for one kind of message, or one chain, never verifies as another.
 *
 * <p>The tag is what signatures cover. The {@link #code()} names a domain in one byte where a
 * digest needs it (the signature cache's keys); like the tag it is never changed or reused.
 */
public enum Domain implements WireCode {
    COMMITMENT(0, "commitment"),
    BLOCK(1, "block"),
    PROPOSAL(2, "proposal"),
    PREPARE(3, "prepare"),
    COMMIT(4, "commit"),
    ROUND_CHANGE(5, "round-change"),
    HANDSHAKE(6, "handshake"),
    REPORT(7, "report");

    private static final Domain[] ALL = values();
    private final int code;
    private final byte[] prefix;

    Domain(int code, String tag) {
        this.code = code;
        this.prefix = ("BOURSE/1/" + tag + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int code() {
        return code;
    }

    /** @throws CodecException for a code no domain has */
    public static Domain fromCode(int code) {
        return WireCode.fromCode(ALL, code, "signing domain");
    }

    static byte[] signedBytes(Domain d, String chainId, byte[] message) {
        byte[] c = chainId.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[d.prefix.length + c.length + 1 + message.length];
        System.arraycopy(d.prefix, 0, out, 0, d.prefix.length);
        System.arraycopy(c, 0, out, d.prefix.length, c.length);
        out[d.prefix.length + c.length] = 0;
        System.arraycopy(message, 0, out, d.prefix.length + c.length + 1, message.length);
        return out;
    }
}
