package io.bourse.core.commitment;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.WireCode;
import io.bourse.core.codec.Writer;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.util.List;
import java.util.Objects;

/** The payload kinds (REQUIREMENTS.md names their effects). */
public final class Payloads {
    public static final int MAX_TEXT = 256;
    public static final int MAX_JSON = 64 * 1024;
    public static final int MAX_CODE = 1024 * 1024;
    public static final int MAX_ACTIONS = 256;
    /** Actions one contract call may take (K6). */
    public static final int MAX_CONTRACT_ACTIONS = 64;
    /** Storage writes one contract call may make, and a key's and a value's largest UTF-8 size. */
    public static final int MAX_WRITES = 256;
    public static final int MAX_STORAGE_KEY = 256;
    public static final int MAX_STORAGE_VALUE = 16 * 1024;
    /** Contract results in one CONTRACT_EXECUTION_RESULTS commitment. */
    public static final int MAX_RESULTS = 512;

    private Payloads() {
    }

    /** An order's side: a {@code u8} in PLACE_ORDER, resting orders and trade records; codes are never reused. */
    public enum Side implements WireCode {
        BUY(0),
        SELL(1);

        private static final Side[] ALL = values();
        private final int code;

        Side(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** @throws CodecException for a code no constant has */
        public static Side fromCode(int code) {
            return WireCode.fromCode(ALL, code, "side");
        }
    }

    /**
     * LIMIT rests until filled, cancelled or {@code goodTillHeight}; the others never rest. A
     * {@code u8} in PLACE_ORDER; codes are never reused.
     */
    public enum OrderType implements WireCode {
        LIMIT(0),
        MARKET(1),
        IMMEDIATE_OR_CANCEL(2),
        FILL_OR_KILL(3);

        private static final OrderType[] ALL = values();
        private final int code;

        OrderType(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** @throws CodecException for a code no constant has */
        public static OrderType fromCode(int code) {
            return WireCode.fromCode(ALL, code, "order type");
        }
    }

    /** A {@code u8} in OPTION_WRITE and option series records, and hashed into series ids; never reused. */
    public enum OptionType implements WireCode {
        CALL(0),
        PUT(1);

        private static final OptionType[] ALL = values();
        private final int code;

        OptionType(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** @throws CodecException for a code no constant has */
        public static OptionType fromCode(int code) {
            return WireCode.fromCode(ALL, code, "option type");
        }
    }

    static void text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_TEXT + " characters");
        }
        utf8(value, field);
    }

    static int utf8Length(String value) {
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Refuses text UTF-8 cannot carry (an unpaired surrogate would not survive encoding). */
    static void utf8(String value, String field) {
        if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new IllegalArgumentException(field + " is not valid Unicode text");
        }
    }

    static void positive(Amount a, String field) {
        Objects.requireNonNull(a, field);
        if (a.isZero()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
    }

    /** N1: move Coin or shares to another holder. */
    public record Transfer(Address to, TokenId token, Amount amount) implements Payload {
        public Transfer {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(token, "token");
            positive(amount, "amount");
        }

        public PayloadKind kind() {
            return PayloadKind.TRANSFER;
        }

        public void encodeFields(Writer w) {
            to.encode(w);
            token.encode(w);
            amount.encode(w);
        }
    }

    /** M1: buy shares from the contract itself at its direct-sale price, never above maxPrice per share. */
    public record BuyFromContract(Address contract, Amount quantity, Amount maxPricePerShare) implements Payload {
        public BuyFromContract {
            Objects.requireNonNull(contract, "contract");
            positive(quantity, "quantity");
            positive(maxPricePerShare, "maxPricePerShare");
        }

        public PayloadKind kind() {
            return PayloadKind.BUY_FROM_CONTRACT;
        }

        public void encodeFields(Writer w) {
            contract.encode(w);
            quantity.encode(w);
            maxPricePerShare.encode(w);
        }
    }

    /**
     * M2, M3: an order on the book of {@code base} priced in {@code quote} (Coin, or another
     * contract's shares for a swap). Price is quote units per whole base token; a MARKET order's
     * price is its worst acceptable price. {@code goodTillHeight} 0 means good till cancelled.
     */
    public record PlaceOrder(TokenId base, TokenId quote, Side side, OrderType type, Amount price, Amount quantity,
                             long goodTillHeight) implements Payload {
        public PlaceOrder {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(quote, "quote");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(type, "type");
            positive(price, "price");
            positive(quantity, "quantity");
            if (base.equals(quote)) {
                throw new IllegalArgumentException("base and quote must differ");
            }
            if (goodTillHeight < 0) {
                throw new IllegalArgumentException("goodTillHeight must not be negative");
            }
        }

        public PayloadKind kind() {
            return PayloadKind.PLACE_ORDER;
        }

        public void encodeFields(Writer w) {
            base.encode(w);
            quote.encode(w);
            w.u8(side.code()).u8(type.code());
            price.encode(w);
            quantity.encode(w);
            w.i64(goodTillHeight);
        }
    }

    /** Cancels a resting order (its id is the id of the commitment that placed it). */
    public record CancelOrder(Hash orderId) implements Payload {
        public CancelOrder {
            Objects.requireNonNull(orderId, "orderId");
        }

        public PayloadKind kind() {
            return PayloadKind.CANCEL_ORDER;
        }

        public void encodeFields(Writer w) {
            orderId.encode(w);
        }
    }

    /** M4: write (fully collateralised) {@code size} options of a series. */
    public record OptionWrite(Address underlying, OptionType type, Amount strike, long expiryHeight, Amount size)
            implements Payload {
        public OptionWrite {
            Objects.requireNonNull(underlying, "underlying");
            Objects.requireNonNull(type, "type");
            positive(strike, "strike");
            positive(size, "size");
            if (expiryHeight <= 0) {
                throw new IllegalArgumentException("expiryHeight must be positive");
            }
        }

        public PayloadKind kind() {
            return PayloadKind.OPTION_WRITE;
        }

        public void encodeFields(Writer w) {
            underlying.encode(w);
            w.u8(type.code());
            strike.encode(w);
            w.i64(expiryHeight);
            size.encode(w);
        }
    }

    /** M4: exercise held options of a series. */
    public record OptionExercise(Hash seriesId, Amount size) implements Payload {
        public OptionExercise {
            Objects.requireNonNull(seriesId, "seriesId");
            positive(size, "size");
        }

        public PayloadKind kind() {
            return PayloadKind.OPTION_EXERCISE;
        }

        public void encodeFields(Writer w) {
            seriesId.encode(w);
            size.encode(w);
        }
    }

    /**
     * N2, N4: the Coin Contract Operator attests an outside payment and mints Coin for it. The
     * payment reference can mint only once; {@code rate} is Coin units per whole outside unit.
     */
    public record CoinPurchase(Address beneficiary, String currency, Amount paid, long rate, String paymentRef)
            implements Payload {
        public CoinPurchase {
            Objects.requireNonNull(beneficiary, "beneficiary");
            text(currency, "currency");
            positive(paid, "paid");
            if (rate <= 0) {
                throw new IllegalArgumentException("rate must be positive");
            }
            text(paymentRef, "paymentRef");
        }

        public PayloadKind kind() {
            return PayloadKind.COIN_PURCHASE;
        }

        public void encodeFields(Writer w) {
            beneficiary.encode(w);
            w.string(currency);
            paid.encode(w);
            w.i64(rate);
            w.string(paymentRef);
        }
    }

    /** N3: sell Coin back to the Coin Contract; it is burned and the outside payout recorded. */
    public record CoinRedemption(Amount amount, String currency, String payoutRef) implements Payload {
        public CoinRedemption {
            positive(amount, "amount");
            text(currency, "currency");
            text(payoutRef, "payoutRef");
        }

        public PayloadKind kind() {
            return PayloadKind.COIN_REDEMPTION;
        }

        public void encodeFields(Writer w) {
            amount.encode(w);
            w.string(currency);
            w.string(payoutRef);
        }
    }

    /**
     * N4: a rate source's rate for an outside currency, in Coin units per whole outside unit. The
     * source is the commitment's sender: a key registered in the parameters' {@code rateSources}.
     */
    public record RateReport(String currency, long rate) implements Payload {
        public RateReport {
            text(currency, "currency");
            if (rate <= 0) {
                throw new IllegalArgumentException("rate must be positive");
            }
        }

        public PayloadKind kind() {
            return PayloadKind.RATE_REPORT;
        }

        public void encodeFields(Writer w) {
            w.string(currency);
            w.i64(rate);
        }
    }

    /** Outside currencies one Coin Contract configuration may accept. */
    public static final int MAX_CURRENCIES = 32;
    /** Reserve lines in one reserve report. */
    public static final int MAX_RESERVES = 32;

    /**
     * N2: the Coin Contract Operator sets the Coin Contract's own configuration: the outside
     * currencies it accepts for purchases, rate reports and redemptions (the whole list, in the
     * order given, each at most once). Not a parameter: the Block Signers do not vote on it.
     */
    public record CoinConfigUpdate(List<String> acceptedCurrencies) implements Payload {
        public CoinConfigUpdate {
            acceptedCurrencies = List.copyOf(acceptedCurrencies);
            if (acceptedCurrencies.size() > MAX_CURRENCIES) {
                throw new IllegalArgumentException("acceptedCurrencies: at most " + MAX_CURRENCIES + " currencies");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String c : acceptedCurrencies) {
                currencyCode(c, "acceptedCurrencies");
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("acceptedCurrencies: " + c + " is listed twice");
                }
            }
        }

        public PayloadKind kind() {
            return PayloadKind.COIN_CONFIG_UPDATE;
        }

        public void encodeFields(Writer w) {
            w.list(acceptedCurrencies, Writer::string);
        }
    }

    /**
     * N3: the Coin Contract Operator records the outside payout of a redemption: the outside
     * transfer's reference and the amount paid, in the redemption's currency (8 decimals).
     */
    public record CoinPayout(Hash redemptionId, String reference, Amount paid) implements Payload {
        public CoinPayout {
            Objects.requireNonNull(redemptionId, "redemptionId");
            text(reference, "reference");
            positive(paid, "paid");
        }

        public PayloadKind kind() {
            return PayloadKind.COIN_PAYOUT;
        }

        public void encodeFields(Writer w) {
            redemptionId.encode(w);
            w.string(reference);
            paid.encode(w);
        }
    }

    /** One line of a reserve report: outside reserves claimed in one currency (8 decimals). */
    public record Reserve(String currency, Amount amount) {
        public Reserve {
            currencyCode(currency, "currency");
            Objects.requireNonNull(amount, "amount");
        }

        static Reserve decode(Reader r) {
            return new Reserve(r.string(MAX_TEXT * 4, "currency"), Amount.decode(r, "amount"));
        }
    }

    /**
     * N6: the Coin Contract Operator's periodic report: outside reserves claimed per currency,
     * their custodian, and where the auditor's attestation is (a URL or document reference).
     */
    public record CoinReserveReport(List<Reserve> reserves, String custodian, String auditorRef) implements Payload {
        public CoinReserveReport {
            reserves = List.copyOf(reserves);
            if (reserves.isEmpty() || reserves.size() > MAX_RESERVES) {
                throw new IllegalArgumentException("reserves: 1 to " + MAX_RESERVES + " currencies");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Reserve r : reserves) {
                if (!seen.add(r.currency())) {
                    throw new IllegalArgumentException("reserves: " + r.currency() + " is listed twice");
                }
            }
            text(custodian, "custodian");
            text(auditorRef, "auditorRef");
        }

        public PayloadKind kind() {
            return PayloadKind.COIN_RESERVE_REPORT;
        }

        public void encodeFields(Writer w) {
            w.list(reserves, (ww, r) -> {
                ww.string(r.currency());
                r.amount().encode(ww);
            });
            w.string(custodian);
            w.string(auditorRef);
        }
    }

    /**
     * An outside currency's code: 1 to 16 characters of A–Z, 0–9, '.', '-' or '_', starting with a
     * letter or digit ("USD", "BTC", "EUR.T1").
     */
    public static void currencyCode(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!value.matches("[A-Z0-9][A-Z0-9._-]{0,15}")) {
            throw new IllegalArgumentException(field + ": currency " + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                    + " must be 1 to 16 characters of A-Z, 0-9, '.', '-' or '_', starting with a letter or digit");
        }
    }

    /** K7: the manager changes the configuration (never the code) of a contract. */
    public record ContractConfigUpdate(Address contract, Amount directSalePrice, long managerFeePpm, String configJson)
            implements Payload {
        public ContractConfigUpdate {
            Objects.requireNonNull(contract, "contract");
            Objects.requireNonNull(directSalePrice, "directSalePrice");
            Objects.requireNonNull(configJson, "configJson");
            if (managerFeePpm < 0 || managerFeePpm > Amount.PPM) {
                throw new IllegalArgumentException("managerFeePpm must be within 0..1000000");
            }
            if (configJson.length() > MAX_JSON) {
                throw new IllegalArgumentException("configJson exceeds " + MAX_JSON + " characters");
            }
            utf8(configJson, "configJson");
        }

        public PayloadKind kind() {
            return PayloadKind.CONTRACT_CONFIG_UPDATE;
        }

        public void encodeFields(Writer w) {
            contract.encode(w);
            directSalePrice.encode(w);
            w.i64(managerFeePpm);
            w.string(configJson);
        }
    }

    /** K4, K5: the manager moves the contract to Closing. */
    public record ContractClose(Address contract) implements Payload {
        public ContractClose {
            Objects.requireNonNull(contract, "contract");
        }

        public PayloadKind kind() {
            return PayloadKind.CONTRACT_CLOSE;
        }

        public void encodeFields(Writer w) {
            contract.encode(w);
        }
    }

    /** How a contract call ended, as an execution server reports it; a {@code u8}, codes never reused. */
    public enum CallOutcome implements WireCode {
        /** The call returned: its actions and storage writes are the result. */
        COMPLETED(0),
        /** The call failed (exception, budget, depth, size): no action, no write, and a reason. */
        FAILED(1),
        /** The server could not run the call (watchdog, lost worker): it reports nothing for it. */
        ABSTAINED(2);

        private static final CallOutcome[] ALL = values();
        private final int code;

        CallOutcome(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        /** @throws CodecException for a code no constant has */
        public static CallOutcome fromCode(int code) {
            return WireCode.fromCode(ALL, code, "call outcome");
        }
    }

    /** One write to a contract's storage: {@code value} empty deletes the key. */
    public record StorageWrite(String key, java.util.Optional<String> value) {
        public StorageWrite {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty() || utf8Length(key) > MAX_STORAGE_KEY) {
                throw new IllegalArgumentException("a storage key must have 1 to " + MAX_STORAGE_KEY + " bytes");
            }
            utf8(key, "storage key");
            value.ifPresent(v -> {
                if (utf8Length(v) > MAX_STORAGE_VALUE) {
                    throw new IllegalArgumentException("a storage value must have at most " + MAX_STORAGE_VALUE + " bytes");
                }
                utf8(v, "storage value");
            });
        }

        void encode(Writer w) {
            w.string(key).bool(value.isPresent());
            value.ifPresent(w::string);
        }

        static StorageWrite decode(Reader r) {
            String key = r.string(MAX_STORAGE_KEY, "key");
            return new StorageWrite(key, r.bool("present") ? java.util.Optional.of(r.string(MAX_STORAGE_VALUE, "value"))
                    : java.util.Optional.empty());
        }
    }

    /**
     * K6: what one contract's New Block Action decided, as one execution server computed it. Two
     * servers agree when their results' encodings are equal ({@link #hash()}): the outcome, the
     * reason, the actions, the storage writes (sorted by key, each key once) and the statements used.
     *
     * @param inputHash binds the result to the call's input: {@link #inputHash(long, Hash, Address, Hash)}
     */
    public record ContractResult(Address contract, Hash inputHash, CallOutcome outcome, String reason,
                                 List<Payload> actions, List<StorageWrite> writes, long budgetUsed) {
        public ContractResult {
            Objects.requireNonNull(contract, "contract");
            Objects.requireNonNull(inputHash, "inputHash");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
            actions = List.copyOf(actions);
            writes = List.copyOf(writes);
            if (reason.length() > MAX_TEXT) {
                throw new IllegalArgumentException("a reason must have at most " + MAX_TEXT + " characters");
            }
            utf8(reason, "reason");
            if (budgetUsed < 0) {
                throw new IllegalArgumentException("budgetUsed must not be negative");
            }
            if (outcome != CallOutcome.COMPLETED && (!actions.isEmpty() || !writes.isEmpty())) {
                throw new IllegalArgumentException("a " + outcome + " call has no actions and no writes");
            }
            if (actions.size() > MAX_CONTRACT_ACTIONS) {
                throw new IllegalArgumentException("at most " + MAX_CONTRACT_ACTIONS + " actions");
            }
            if (writes.size() > MAX_WRITES) {
                throw new IllegalArgumentException("at most " + MAX_WRITES + " storage writes");
            }
            for (int i = 1; i < writes.size(); i++) {
                if (writes.get(i - 1).key().compareTo(writes.get(i).key()) >= 0) {
                    throw new IllegalArgumentException("storage writes must be sorted by key, each key once");
                }
            }
            for (Payload a : actions) {
                switch (a) {
                    case Transfer t -> { }
                    case BuyFromContract b -> { }
                    case PlaceOrder o -> { }
                    case CancelOrder c -> { }
                    case OptionWrite o -> { }
                    case OptionExercise o -> { }
                    default -> throw new IllegalArgumentException("a contract action cannot be " + a.kind());
                }
            }
        }

        /** SHA-256("bourse/contract-input" ‖ forHeight ‖ blockHash ‖ contract ‖ SHA-256(code)). */
        public static Hash inputHash(long forHeight, Hash blockHash, Address contract, Hash codeHash) {
            return Hash.of("bourse/contract-input".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    new Writer(8).i64(forHeight).toByteArray(), blockHash.unsafeBytes(), contract.unsafeBytes(),
                    codeHash.unsafeBytes());
        }

        public void encode(Writer w) {
            contract.encode(w);
            inputHash.encode(w);
            w.u8(outcome.code()).string(reason);
            w.list(actions, (ww, a) -> a.encode(ww));
            w.list(writes, (ww, x) -> x.encode(ww));
            w.i64(budgetUsed);
        }

        public byte[] toBytes() {
            Writer w = new Writer(128);
            encode(w);
            return w.toByteArray();
        }

        /** What servers agree on: SHA-256 of the encoding. */
        public Hash hash() {
            return Hash.of(toBytes());
        }

        public static ContractResult decode(Reader r) {
            return new ContractResult(Address.decode(r, "contract"), Hash.decode(r, "inputHash"),
                    CallOutcome.fromCode(r.u8("outcome")), r.string(MAX_TEXT * 4, "reason"),
                    r.list(MAX_CONTRACT_ACTIONS, "actions", Payloads::decodeAction),
                    r.list(MAX_WRITES, "writes", StorageWrite::decode), r.u63("budgetUsed"));
        }
    }

    /**
     * K6: an execution server's results for the contracts assigned to it, each computed on the
     * final block {@code forHeight} whose hash is {@code blockHash}. One commitment per server and
     * block (a server splits a long list over several), one signature for all.
     */
    public record ContractExecutionResults(long forHeight, Hash blockHash, List<ContractResult> results)
            implements Payload {
        public ContractExecutionResults {
            Objects.requireNonNull(blockHash, "blockHash");
            results = List.copyOf(results);
            if (forHeight < 0) {
                throw new IllegalArgumentException("forHeight must not be negative");
            }
            if (results.isEmpty() || results.size() > MAX_RESULTS) {
                throw new IllegalArgumentException("1 to " + MAX_RESULTS + " results");
            }
            for (int i = 1; i < results.size(); i++) {
                if (results.get(i - 1).contract().compareTo(results.get(i).contract()) >= 0) {
                    throw new IllegalArgumentException("results must be sorted by contract, each contract once");
                }
            }
        }

        public PayloadKind kind() {
            return PayloadKind.CONTRACT_EXECUTION_RESULTS;
        }

        public void encodeFields(Writer w) {
            w.i64(forHeight);
            blockHash.encode(w);
            w.list(results, (ww, x) -> x.encode(ww));
        }
    }

    /** C6: a special block holding one Network Parameters JSON document, in its canonical form. */
    public record NetworkParametersUpdate(String json) implements Payload {
        public NetworkParametersUpdate {
            Objects.requireNonNull(json, "json");
            if (json.isEmpty() || json.length() > MAX_JSON) {
                throw new IllegalArgumentException("the parameters document must be 1 to " + MAX_JSON + " characters");
            }
            utf8(json, "json");
        }

        public PayloadKind kind() {
            return PayloadKind.NETWORK_PARAMETERS;
        }

        public void encodeFields(Writer w) {
            w.string(json);
        }
    }

    /**
     * K1, K2, K3, K8: a special block that creates a contract with its whole code. Portions may be
     * encrypted to the execution servers ({@code encryptedCode}, empty when none), which needs a
     * review report reference and signer approvals.
     */
    public record ContractCreation(String name, PublicKey manager, String code, byte[] encryptedCode,
                                   String reviewReportRef, Amount shares, Amount directSalePrice,
                                   long managerSharePpm, long managerFeePpm, String configJson) implements Payload {
        public ContractCreation {
            text(name, "name");
            Objects.requireNonNull(manager, "manager");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reviewReportRef, "reviewReportRef");
            Objects.requireNonNull(configJson, "configJson");
            encryptedCode = encryptedCode == null ? new byte[0] : encryptedCode.clone();
            if (code.length() > MAX_CODE || encryptedCode.length > MAX_CODE) {
                throw new IllegalArgumentException("code exceeds " + MAX_CODE + " bytes");
            }
            if (reviewReportRef.length() > MAX_TEXT || configJson.length() > MAX_JSON) {
                throw new IllegalArgumentException("reviewReportRef or configJson too long");
            }
            utf8(code, "code");
            utf8(reviewReportRef, "reviewReportRef");
            utf8(configJson, "configJson");
            positive(shares, "shares");
            Objects.requireNonNull(directSalePrice, "directSalePrice");
            if (managerSharePpm < 0 || managerSharePpm > Amount.PPM || managerFeePpm < 0 || managerFeePpm > Amount.PPM) {
                throw new IllegalArgumentException("managerSharePpm and managerFeePpm must be within 0..1000000");
            }
        }

        @Override
        public byte[] encryptedCode() {
            return encryptedCode.clone();
        }

        public PayloadKind kind() {
            return PayloadKind.CONTRACT_CREATION;
        }

        public void encodeFields(Writer w) {
            w.string(name);
            manager.encode(w);
            w.string(code);
            w.bytes(encryptedCode);
            w.string(reviewReportRef);
            shares.encode(w);
            directSalePrice.encode(w);
            w.i64(managerSharePpm);
            w.i64(managerFeePpm);
            w.string(configJson);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ContractCreation c && name.equals(c.name) && manager.equals(c.manager)
                    && code.equals(c.code) && java.util.Arrays.equals(encryptedCode, c.encryptedCode)
                    && reviewReportRef.equals(c.reviewReportRef) && shares.equals(c.shares)
                    && directSalePrice.equals(c.directSalePrice) && managerSharePpm == c.managerSharePpm
                    && managerFeePpm == c.managerFeePpm && configJson.equals(c.configJson);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, manager, code, java.util.Arrays.hashCode(encryptedCode), shares);
        }
    }

    /** K4: a special block that restricts or re-activates a contract. */
    public record ContractStateChange(Address contract, boolean restrict) implements Payload {
        public ContractStateChange {
            Objects.requireNonNull(contract, "contract");
        }

        public PayloadKind kind() {
            return PayloadKind.CONTRACT_STATE_CHANGE;
        }

        public void encodeFields(Writer w) {
            contract.encode(w);
            w.bool(restrict);
        }
    }

    /** K2: a signer operator approves or rejects the encrypted portions of a pending creation. */
    public record EncryptedCodeApproval(Hash creationId, boolean approve) implements Payload {
        public EncryptedCodeApproval {
            Objects.requireNonNull(creationId, "creationId");
        }

        public PayloadKind kind() {
            return PayloadKind.ENCRYPTED_CODE_APPROVAL;
        }

        public void encodeFields(Writer w) {
            creationId.encode(w);
            w.bool(approve);
        }
    }

    /** A contract's action: one of the trading kinds, never another execution result (no recursion). */
    /** One contract action (kinds 1 to 6) with its tag; anything else is a codec error. */
    public static Payload decodeAction(Reader r) {
        PayloadKind kind = PayloadKind.ofTag(r.u8("action kind"));
        return switch (kind) {
            case TRANSFER, BUY_FROM_CONTRACT, PLACE_ORDER, CANCEL_ORDER, OPTION_WRITE, OPTION_EXERCISE -> decode(kind, r);
            default -> throw new CodecException("a contract action cannot be " + kind);
        };
    }

    static Payload decode(PayloadKind kind, Reader r) {
        return switch (kind) {
            case TRANSFER -> new Transfer(Address.decode(r, "to"), TokenId.decode(r, "token"), Amount.decode(r, "amount"));
            case BUY_FROM_CONTRACT -> new BuyFromContract(Address.decode(r, "contract"), Amount.decode(r, "quantity"),
                    Amount.decode(r, "maxPricePerShare"));
            case PLACE_ORDER -> new PlaceOrder(TokenId.decode(r, "base"), TokenId.decode(r, "quote"),
                    Side.fromCode(r.u8("side")), OrderType.fromCode(r.u8("type")),
                    Amount.decode(r, "price"), Amount.decode(r, "quantity"), r.u63("goodTillHeight"));
            case CANCEL_ORDER -> new CancelOrder(Hash.decode(r, "orderId"));
            case OPTION_WRITE -> new OptionWrite(Address.decode(r, "underlying"),
                    OptionType.fromCode(r.u8("optionType")), Amount.decode(r, "strike"),
                    r.u63("expiryHeight"), Amount.decode(r, "size"));
            case OPTION_EXERCISE -> new OptionExercise(Hash.decode(r, "seriesId"), Amount.decode(r, "size"));
            case COIN_PURCHASE -> new CoinPurchase(Address.decode(r, "beneficiary"), r.string(MAX_TEXT * 4, "currency"),
                    Amount.decode(r, "paid"), r.u63("rate"), r.string(MAX_TEXT * 4, "paymentRef"));
            case COIN_REDEMPTION -> new CoinRedemption(Amount.decode(r, "amount"), r.string(MAX_TEXT * 4, "currency"),
                    r.string(MAX_TEXT * 4, "payoutRef"));
            case RATE_REPORT -> new RateReport(r.string(MAX_TEXT * 4, "currency"), r.u63("rate"));
            case COIN_CONFIG_UPDATE -> new CoinConfigUpdate(r.list(MAX_CURRENCIES, "acceptedCurrencies",
                    rr -> rr.string(MAX_TEXT * 4, "currency")));
            case COIN_PAYOUT -> new CoinPayout(Hash.decode(r, "redemptionId"), r.string(MAX_TEXT * 4, "reference"),
                    Amount.decode(r, "paid"));
            case COIN_RESERVE_REPORT -> new CoinReserveReport(r.list(MAX_RESERVES, "reserves", Reserve::decode),
                    r.string(MAX_TEXT * 4, "custodian"), r.string(MAX_TEXT * 4, "auditorRef"));
            case CONTRACT_CONFIG_UPDATE -> new ContractConfigUpdate(Address.decode(r, "contract"),
                    Amount.decode(r, "directSalePrice"), r.u63("managerFeePpm"), r.string(MAX_JSON * 4, "configJson"));
            case CONTRACT_CLOSE -> new ContractClose(Address.decode(r, "contract"));
            case CONTRACT_EXECUTION_RESULTS -> new ContractExecutionResults(r.u63("forHeight"),
                    Hash.decode(r, "blockHash"), r.list(MAX_RESULTS, "results", ContractResult::decode));
            case NETWORK_PARAMETERS -> new NetworkParametersUpdate(r.string(MAX_JSON * 4, "parameters"));
            case CONTRACT_CREATION -> new ContractCreation(r.string(MAX_TEXT * 4, "name"), PublicKey.decode(r, "manager"),
                    r.string(MAX_CODE * 4, "code"), r.bytes(MAX_CODE, "encryptedCode"),
                    r.string(MAX_TEXT * 4, "reviewReportRef"), Amount.decode(r, "shares"),
                    Amount.decode(r, "directSalePrice"), r.u63("managerSharePpm"), r.u63("managerFeePpm"),
                    r.string(MAX_JSON * 4, "configJson"));
            case CONTRACT_STATE_CHANGE -> new ContractStateChange(Address.decode(r, "contract"), r.bool("restrict"));
            case ENCRYPTED_CODE_APPROVAL -> new EncryptedCodeApproval(Hash.decode(r, "creationId"), r.bool("approve"));
            case SEALED_CODE_REWRAP -> SealedCodeRewrap.decodeFields(r);
            case SEALED_CODE_CHECK -> SealedCodeCheck.decodeFields(r);
        };
    }
}
