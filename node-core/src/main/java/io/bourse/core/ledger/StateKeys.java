package io.bourse.core.ledger;

import io.bourse.core.state.Bytes;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;

/**
 * The layout of the ledger's state keys (docs/storage.md). The first byte names the table.
 *
 * <pre>
 *   0x01 | address                 → account: u64 next nonce
 *   0x02 | holder | token contract → balance: u64 units
 *   0x03                           → coin supply: u64 minted | u64 burned
 *   0x04                           → last block: height | timestamp | generator | kind
 *   0x05                           → network parameters in force (canonical JSON)
 *   0x06 | SHA-256(payment ref)    → coin purchase recorded (refs mint once)
 *   0x07 | commitment id           → redemption payout record
 *   0x08                           → network parameters that governed the last block (to check its certificate)
 * </pre>
 */
public final class StateKeys {
    static final byte ACCOUNT = 0x01;
    static final byte BALANCE = 0x02;
    static final byte SUPPLY = 0x03;
    static final byte LAST_BLOCK = 0x04;
    static final byte PARAMETERS = 0x05;
    static final byte PAYMENT_REF = 0x06;
    static final byte REDEMPTION = 0x07;
    static final byte LAST_PARAMETERS = 0x08;

    private StateKeys() {
    }

    public static Bytes account(Address a) {
        return Bytes.of(concat(ACCOUNT, a.unsafeBytes()));
    }

    public static Bytes balance(Address holder, TokenId token) {
        return Bytes.of(concat(BALANCE, holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    public static Bytes balancePrefix(Address holder) {
        return Bytes.of(concat(BALANCE, holder.unsafeBytes()));
    }

    public static Bytes supply() {
        return Bytes.of(new byte[] {SUPPLY});
    }

    public static Bytes lastBlock() {
        return Bytes.of(new byte[] {LAST_BLOCK});
    }

    public static Bytes parameters() {
        return Bytes.of(new byte[] {PARAMETERS});
    }

    public static Bytes lastBlockParameters() {
        return Bytes.of(new byte[] {LAST_PARAMETERS});
    }

    public static Bytes paymentRef(String ref) {
        return Bytes.of(concat(PAYMENT_REF, Hash.of(ref.getBytes(java.nio.charset.StandardCharsets.UTF_8)).unsafeBytes()));
    }

    public static Bytes redemption(Hash commitmentId) {
        return Bytes.of(concat(REDEMPTION, commitmentId.unsafeBytes()));
    }

    private static byte[] concat(byte tag, byte[]... parts) {
        int n = 1;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        out[0] = tag;
        int pos = 1;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
