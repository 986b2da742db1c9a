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
 *   0x09 | contract                → contract record ({@link ContractRecord})
 *   0x0A | contract                → the contract's code, UTF-8, written once (K1)
 *   0x0B | holder | token          → a contract's lots of another contract's shares ({@link Lot}, K9)
 *   0x0C | token | holder          → 0x01 while holder has a non-zero balance of a share token (holder index)
 *   0x0D | i64 due | contract      → 0x01: the contract's next weekly fee falls due at block time {@code due} (M5)
 *   0x0E | contract                → last New Block Action result applied: u64 forHeight | storage root (K6)
 *   0x0F | SHA-256(currency)       → rate reports for an outside currency (N4)
 *   0x10 | contract                → the last weekly fee charged ({@link FeeRecord}, M5)
 *   0x11                           → the contracts in Closing, sorted (K5)
 *   0x12                           → i64: the earliest due time in the 0x0D queue (absent when empty)
 * </pre>
 *
 * <p>Only the 0x0B–0x0D and 0x02 tables are ever scanned by prefix, and only on rare paths
 * (creation, fees, closing), because a scan probes every bucket of the state.
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
    static final byte CONTRACT = 0x09;
    static final byte CONTRACT_CODE = 0x0A;
    static final byte LOTS = 0x0B;
    static final byte HOLDERS = 0x0C;
    static final byte FEE_QUEUE = 0x0D;
    static final byte EXECUTION = 0x0E;
    static final byte RATES = 0x0F;
    static final byte FEE_RECORD = 0x10;
    static final byte CLOSING = 0x11;
    static final byte FEE_QUEUE_HEAD = 0x12;

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

    public static Bytes contract(Address contract) {
        return Bytes.of(concat(CONTRACT, contract.unsafeBytes()));
    }

    public static Bytes contractCode(Address contract) {
        return Bytes.of(concat(CONTRACT_CODE, contract.unsafeBytes()));
    }

    public static Bytes lots(Address holder, TokenId token) {
        return Bytes.of(concat(LOTS, holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    public static Bytes lotsPrefix(Address holder) {
        return Bytes.of(concat(LOTS, holder.unsafeBytes()));
    }

    public static Bytes holder(TokenId token, Address holder) {
        return Bytes.of(concat(HOLDERS, token.contract().unsafeBytes(), holder.unsafeBytes()));
    }

    public static Bytes holdersPrefix(TokenId token) {
        return Bytes.of(concat(HOLDERS, token.contract().unsafeBytes()));
    }

    static Bytes feeQueue(long dueMillis, Address contract) {
        return Bytes.of(concat(FEE_QUEUE, new io.bourse.core.codec.Writer(8).i64(dueMillis).toByteArray(),
                contract.unsafeBytes()));
    }

    static Bytes feeQueuePrefix() {
        return Bytes.of(new byte[] {FEE_QUEUE});
    }

    static Bytes feeQueueHead() {
        return Bytes.of(new byte[] {FEE_QUEUE_HEAD});
    }

    public static Bytes execution(Address contract) {
        return Bytes.of(concat(EXECUTION, contract.unsafeBytes()));
    }

    public static Bytes rates(String currency) {
        return Bytes.of(concat(RATES, Hash.of(currency.getBytes(java.nio.charset.StandardCharsets.UTF_8)).unsafeBytes()));
    }

    public static Bytes feeRecord(Address contract) {
        return Bytes.of(concat(FEE_RECORD, contract.unsafeBytes()));
    }

    public static Bytes closing() {
        return Bytes.of(new byte[] {CLOSING});
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
