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
 *   0x07 | commitment id           → a redemption and its payout record ({@link CoinContract.Redemption})
 *   0x08                           → network parameters that governed the last block (to check its certificate)
 *   0x09 | contract                → contract record ({@link ContractRecord})
 *   0x0A | contract                → the contract's code, UTF-8, written once (K1)
 *   0x0B | holder | token          → a contract's lots of another contract's shares ({@link Lot}, K9)
 *   0x0C | token | holder          → 0x01 while holder has a non-zero balance of a share token (holder index)
 *   0x0D | i64 due | contract      → 0x01: the contract's next weekly fee falls due at block time {@code due} (M5)
 *   0x0E | contract                → the contract's executions ({@link ContractExecutions.Status}, K6)
 *   0x0F | SHA-256(currency)       → rate reports for an outside currency (N4): list of (source key 32 | i64 rate | i64 at)
 *   0x10 | contract                → the last weekly fee charged ({@link FeeRecord}, M5)
 *   0x11                           → the contracts in Closing, sorted (K5)
 *   0x12                           → i64: the earliest due time in the 0x0D queue (absent when empty)
 *   --- market (issue 4, docs/market.md) ---
 *   0x13 | book | side | priceKey | seq → a resting order ({@link RestingOrder}); priceKey = price for asks,
 *                                     2^63−1 − price for bids, so a book's keys are in priority order
 *   0x14 | order id                → the order's 0x13 key (cancel finds its book)
 *   0x15                           → u64: the next order sequence number (time priority across the chain)
 *   0x16 | holder | token          → u64: units of the holder's balance reserved by its resting orders
 *   0x17 | book                    → the book's market record ({@link MarketRecord}: last trade, best bid/ask)
 *   0x18 | owner | order id        → 0x01 while the order rests (open orders by owner)
 *   0x19 | u8 queue | u64 height | u32 i → an order id (queue 0) or series id (queue 1) due at that height
 *   0x1A | u8 queue | u64 height   → u32: how many entries 0x19 holds for that height
 *   0x1B | option token            → an option series ({@link OptionSeries}), keyed by its token's address
 *   0x1C | series id | writer      → u64: options the writer has written in the series (its claim on the pool)
 *   0x1D | underlying | series id  → 0x01: the series written on that contract
 *   0x1E | book | u64 trade number → a recent trade ({@link Market.Trade}); the last 128 are kept
 *   0x1F | book | i64 minute start → the book's one-minute candle ({@link Market.Candle})
 *   0x20 | token | other token     → 0x01: a book exists between the two (both directions)
 *   0x21 | writer | series id      → 0x01 while the writer has a claim on the series' pool (a Closing writer waits for it)
 *   --- contract execution (K6, docs/contracts.md) ---
 *   0x22 | u64 height              → that block's hash, kept {@link ContractExecutions#VOTE_WINDOW} blocks
 *   0x23 | contract | u64 forHeight → the execution servers' votes on the call computed on that block
 *   0x24 | contract                → the contract's storage: sorted (key, value) strings
 *   0x25 | contract | u64 n        → the contract's n-th decided execution; the last 64 are kept
 *   --- the ledger's own trading rules (K5, K9, docs/economics.md) ---
 *   0x30 | i64 acquiredAt | holder | token → 0x01 while the holder has a lot of the token acquired then
 *                                     (the maximum-hold-time queue, oldest first; {@link HoldTimeSales})
 *   0x31                           → i64: a lower bound of the oldest acquiredAt in 0x30 (absent when empty)
 *   0x32 | holder | token          → i64: the height at which the ledger's sale of the holder's overdue
 *                                     shares began (absent while none are overdue)
 *   0x33 | contract                → i64: the height of the ratio check that found the contract below
 *                                     contractMinimumInvestedRatio ({@link InvestedRatio})
 *   0x34 | contract | u64 n        → the n-th thing the ledger did to the contract ({@link LedgerActions})
 *   0x35 | contract                → u64: how many entries 0x34 has had for the contract
 *   --- the Coin Contract's own book (N2, N3, N6, {@link CoinContract}) ---
 *   0x36                           → the Coin Contract's configuration ({@link CoinConfig}: accepted currencies)
 *   0x37 | u64 height | redemption id → 0x01 while the redemption waits for its payout record
 *   0x38                           → payout totals ({@link CoinContract.PayoutTotals})
 *   0x39                           → the operator's latest reserve report ({@link CoinContract.ReserveReport})
 *   0x3A | SHA-256(outside ref)    → the redemption id a payout reference was recorded against (once)
 *   --- sealed code (K2, docs/contracts.md "Sealed code") ---
 *   0x40 | creation id             → a creation with sealed code and its votes ({@link PendingCreation})
 *   0x41 | contract                → the contract's sealed code as it stands ({@code SealedCode} bytes)
 *   0x42                           → the ids of every creation with sealed code, in the chain's order
 *   where book = base token (20) | quote token (20)
 * </pre>
 *
 * <p>Only the 0x0B–0x0D, 0x30, 0x37 and 0x02 tables are ever scanned by prefix, and only on rare paths
 * (creation, fees, closing, a lot past the maximum hold time; 0x37 only by the API's Coin status), because a scan probes every bucket
 * of the state.
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
    static final byte ORDER = 0x13;
    static final byte ORDER_ID = 0x14;
    static final byte ORDER_SEQ = 0x15;
    static final byte RESERVED = 0x16;
    static final byte MARKET = 0x17;
    static final byte OPEN_ORDER = 0x18;
    static final byte HEIGHT_QUEUE = 0x19;
    static final byte HEIGHT_QUEUE_COUNT = 0x1A;
    static final byte SERIES = 0x1B;
    static final byte WRITER = 0x1C;
    static final byte SERIES_BY_UNDERLYING = 0x1D;
    static final byte TRADE = 0x1E;
    static final byte CANDLE = 0x1F;
    static final byte BOOK_OF_TOKEN = 0x20;
    static final byte WRITER_SERIES = 0x21;
    static final byte BLOCK_HASH = 0x22;
    static final byte VOTES = 0x23;
    static final byte STORAGE = 0x24;
    static final byte EXECUTION_LOG = 0x25;
    static final byte LOT_QUEUE = 0x30;
    static final byte LOT_QUEUE_HEAD = 0x31;
    static final byte HOLD_SALE = 0x32;
    static final byte BELOW_RATIO = 0x33;
    static final byte LEDGER_ACTION = 0x34;
    static final byte LEDGER_ACTION_COUNT = 0x35;
    static final byte COIN_CONFIG = 0x36;
    static final byte PENDING_PAYOUT = 0x37;
    static final byte PAYOUT_TOTALS = 0x38;
    static final byte RESERVE_REPORT = 0x39;
    static final byte PAYOUT_REF = 0x3A;
    static final byte PENDING_CREATION = 0x40;
    static final byte SEALED_CODE = 0x41;
    static final byte SEALED_CREATIONS = 0x42;

    private StateKeys() {
    }

    public static Bytes account(Address a) {
        return Bytes.of(concat(ACCOUNT, a.unsafeBytes()));
    }

    public static Bytes balance(Address holder, TokenId token) {
        return Bytes.of(concat(BALANCE, holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    /** Every balance (audits and tests: a scan probes every bucket). */
    public static Bytes balancePrefixAll() {
        return Bytes.of(new byte[] {BALANCE});
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

    static Bytes coinConfig() {
        return Bytes.of(new byte[] {COIN_CONFIG});
    }

    static Bytes pendingPayout(long height, Hash redemption) {
        return Bytes.of(concat(PENDING_PAYOUT, u64(height), redemption.unsafeBytes()));
    }

    static Bytes pendingPayoutPrefix() {
        return Bytes.of(new byte[] {PENDING_PAYOUT});
    }

    static Bytes payoutTotals() {
        return Bytes.of(new byte[] {PAYOUT_TOTALS});
    }

    static Bytes reserveReport() {
        return Bytes.of(new byte[] {RESERVE_REPORT});
    }

    static Bytes payoutRef(String ref) {
        return Bytes.of(concat(PAYOUT_REF, Hash.of(ref.getBytes(java.nio.charset.StandardCharsets.UTF_8)).unsafeBytes()));
    }

    public static Bytes contract(Address contract) {
        return Bytes.of(concat(CONTRACT, contract.unsafeBytes()));
    }

    /** K2: a creation with sealed code, pending or decided ({@link PendingCreation}). */
    public static Bytes pendingCreation(Hash creationId) {
        return Bytes.of(concat(PENDING_CREATION, creationId.bytes()));
    }

    /** K2: the ids of every creation with sealed code, in the chain's order. */
    public static Bytes sealedCreations() {
        return Bytes.of(new byte[] {SEALED_CREATIONS});
    }

    /** K2: a contract's sealed code as it stands (its wraps change when the execution servers do). */
    public static Bytes sealedCode(Address contract) {
        return Bytes.of(concat(SEALED_CODE, contract.bytes()));
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

    static Bytes blockHash(long height) {
        return Bytes.of(concat(BLOCK_HASH, u64(height)));
    }

    static Bytes votes(Address contract, long forHeight) {
        return Bytes.of(concat(VOTES, contract.unsafeBytes(), u64(forHeight)));
    }

    public static Bytes storage(Address contract) {
        return Bytes.of(concat(STORAGE, contract.unsafeBytes()));
    }

    static Bytes executionLog(Address contract, long n) {
        return Bytes.of(concat(EXECUTION_LOG, contract.unsafeBytes(), u64(n)));
    }

    static Bytes lotQueue(long acquiredAtMillis, Address holder, TokenId token) {
        return Bytes.of(concat(LOT_QUEUE, u64(acquiredAtMillis), holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    static Bytes lotQueuePrefix() {
        return Bytes.of(new byte[] {LOT_QUEUE});
    }

    static Bytes lotQueueHead() {
        return Bytes.of(new byte[] {LOT_QUEUE_HEAD});
    }

    static Bytes holdSale(Address holder, TokenId token) {
        return Bytes.of(concat(HOLD_SALE, holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    static Bytes belowRatio(Address contract) {
        return Bytes.of(concat(BELOW_RATIO, contract.unsafeBytes()));
    }

    static Bytes ledgerAction(Address contract, long n) {
        return Bytes.of(concat(LEDGER_ACTION, contract.unsafeBytes(), u64(n)));
    }

    static Bytes ledgerActionCount(Address contract) {
        return Bytes.of(concat(LEDGER_ACTION_COUNT, contract.unsafeBytes()));
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

    static byte[] book(TokenId base, TokenId quote) {
        byte[] b = new byte[2 * Address.LENGTH];
        System.arraycopy(base.contract().unsafeBytes(), 0, b, 0, Address.LENGTH);
        System.arraycopy(quote.contract().unsafeBytes(), 0, b, Address.LENGTH, Address.LENGTH);
        return b;
    }

    static byte[] u64(long v) {
        return new io.bourse.core.codec.Writer(8).i64(v).toByteArray();
    }

    static Bytes order(TokenId base, TokenId quote, boolean buy, long price, long seq) {
        long priceKey = buy ? Long.MAX_VALUE - price : price;
        return Bytes.of(concat(ORDER, book(base, quote), new byte[] {(byte) (buy ? 0 : 1)}, u64(priceKey), u64(seq)));
    }

    static Bytes orderPrefix(TokenId base, TokenId quote) {
        return Bytes.of(concat(ORDER, book(base, quote)));
    }

    static Bytes orderId(Hash id) {
        return Bytes.of(concat(ORDER_ID, id.unsafeBytes()));
    }

    static Bytes orderSeq() {
        return Bytes.of(new byte[] {ORDER_SEQ});
    }

    public static Bytes reserved(Address holder, TokenId token) {
        return Bytes.of(concat(RESERVED, holder.unsafeBytes(), token.contract().unsafeBytes()));
    }

    public static Bytes market(TokenId base, TokenId quote) {
        return Bytes.of(concat(MARKET, book(base, quote)));
    }

    static Bytes openOrder(Address owner, Hash id) {
        return Bytes.of(concat(OPEN_ORDER, owner.unsafeBytes(), id.unsafeBytes()));
    }

    static Bytes openOrderPrefix(Address owner) {
        return Bytes.of(concat(OPEN_ORDER, owner.unsafeBytes()));
    }

    static Bytes heightQueue(int queue, long height, long i) {
        return Bytes.of(concat(HEIGHT_QUEUE, new byte[] {(byte) queue}, u64(height), new io.bourse.core.codec.Writer(4)
                .u32(i).toByteArray()));
    }

    static Bytes heightQueueCount(int queue, long height) {
        return Bytes.of(concat(HEIGHT_QUEUE_COUNT, new byte[] {(byte) queue}, u64(height)));
    }

    public static Bytes series(TokenId optionToken) {
        return Bytes.of(concat(SERIES, optionToken.contract().unsafeBytes()));
    }

    static Bytes writer(Hash seriesId, Address writer) {
        return Bytes.of(concat(WRITER, seriesId.unsafeBytes(), writer.unsafeBytes()));
    }

    static Bytes writerPrefix(Hash seriesId) {
        return Bytes.of(concat(WRITER, seriesId.unsafeBytes()));
    }

    static Bytes seriesByUnderlying(Address underlying, Hash seriesId) {
        return Bytes.of(concat(SERIES_BY_UNDERLYING, underlying.unsafeBytes(), seriesId.unsafeBytes()));
    }

    static Bytes seriesByUnderlyingPrefix(Address underlying) {
        return Bytes.of(concat(SERIES_BY_UNDERLYING, underlying.unsafeBytes()));
    }

    static Bytes trade(TokenId base, TokenId quote, long n) {
        return Bytes.of(concat(TRADE, book(base, quote), u64(n)));
    }

    static Bytes candle(TokenId base, TokenId quote, long minuteStart) {
        return Bytes.of(concat(CANDLE, book(base, quote), u64(minuteStart)));
    }

    static Bytes candlePrefix(TokenId base, TokenId quote) {
        return Bytes.of(concat(CANDLE, book(base, quote)));
    }

    static Bytes bookOfToken(TokenId token, TokenId other) {
        return Bytes.of(concat(BOOK_OF_TOKEN, token.contract().unsafeBytes(), other.contract().unsafeBytes()));
    }

    static Bytes writerSeries(Address writer, Hash seriesId) {
        return Bytes.of(concat(WRITER_SERIES, writer.unsafeBytes(), seriesId.unsafeBytes()));
    }

    static Bytes writerSeriesPrefix(Address writer) {
        return Bytes.of(concat(WRITER_SERIES, writer.unsafeBytes()));
    }

    static Bytes bookOfTokenPrefix(TokenId token) {
        return Bytes.of(concat(BOOK_OF_TOKEN, token.contract().unsafeBytes()));
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
