package io.bourse.core.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a signature is for. The signed bytes are {@code "BOURSE/1/" + tag + 0x00 + chainId + 0x00 +
 * message}, so a signature made for one kind of message, or one chain, never verifies as another.
 */
public enum Domain {
    COMMITMENT("commitment"),
    BLOCK("block"),
    PROPOSAL("proposal"),
    PREPARE("prepare"),
    COMMIT("commit"),
    ROUND_CHANGE("round-change"),
    HANDSHAKE("handshake"),
    REPORT("report");

    private final byte[] prefix;

    Domain(String tag) {
        this.prefix = ("BOURSE/1/" + tag + "\0").getBytes(StandardCharsets.US_ASCII);
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
