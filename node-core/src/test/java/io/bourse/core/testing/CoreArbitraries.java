package io.bourse.core.testing;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.ledger.RejectReason;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;
import io.bourse.core.types.Timestamp;
import io.bourse.core.types.TokenId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for every node-core value with an encoding. Values are valid for their
 * records (they pass the compact constructors) but not necessarily meaningful for the ledger:
 * signatures are random unless the generator says "signed". Reuse them from other modules through
 * node-core's test-jar.
 */
public final class CoreArbitraries {
    private static final String CHAIN_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String CHAIN_REST = CHAIN_FIRST + "-";

    private CoreArbitraries() {
    }

    // ------------------------------------------------------------------ primitives

    public static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    public static Arbitrary<byte[]> bytes(int minLength, int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minLength).ofMaxSize(maxLength);
    }

    /** 0 .. Long.MAX_VALUE, with jqwik's edge cases (0, 1, MAX…). */
    public static Arbitrary<Long> u63() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    /**
     * Text of 1 .. {@code maxChars} UTF-16 units that UTF-8 can carry: mostly ASCII, some BMP
     * characters, some supplementary characters as proper surrogate pairs; never a lone surrogate.
     */
    public static Arbitrary<String> text(int maxChars) {
        return text(1, maxChars);
    }

    public static Arbitrary<String> text(int minChars, int maxChars) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0, 0xFFFD)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        return codePoint.list().ofMinSize(minChars).ofMaxSize(maxChars)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                })
                .filter(s -> s.length() >= minChars && s.length() <= maxChars);
    }

    // ------------------------------------------------------------------ types

    public static Arbitrary<Hash> hashes() {
        return bytes(Hash.LENGTH).map(Hash::new);
    }

    /** Any 32 bytes: the record does not require a point on the curve. */
    public static Arbitrary<PublicKey> publicKeys() {
        return bytes(PublicKey.LENGTH).map(PublicKey::new);
    }

    public static Arbitrary<Signature> signatures() {
        return bytes(Signature.LENGTH).map(Signature::new);
    }

    public static Arbitrary<Address> addresses() {
        return bytes(Address.LENGTH).map(Address::new);
    }

    /** Deterministic {@link TestKeys} 0 .. {@code count − 1}. */
    public static Arbitrary<KeyPair> keyPairs(int count) {
        return Arbitraries.integers().between(0, count - 1).map(TestKeys::key);
    }

    public static Arbitrary<ChainId> chainIds() {
        return Combinators.combine(
                        Arbitraries.strings().withChars(CHAIN_FIRST).ofLength(1),
                        Arbitraries.strings().withChars(CHAIN_REST).ofMaxLength(ChainId.MAX_LENGTH - 1))
                .as((a, b) -> ChainId.of(a + b));
    }

    public static Arbitrary<Amount> amounts() {
        return u63().map(Amount::ofUnits);
    }

    public static Arbitrary<Amount> positiveAmounts() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE).map(Amount::ofUnits);
    }

    /** Coin about a third of the time, else a contract's shares. */
    public static Arbitrary<TokenId> tokenIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(TokenId.COIN)),
                Tuple.of(2, addresses().map(TokenId::shareOf)));
    }

    public static Arbitrary<BlockHeight> heights() {
        return u63().map(BlockHeight::of);
    }

    public static Arbitrary<Timestamp> timestamps() {
        return u63().map(Timestamp::ofMillis);
    }

    private static Arbitrary<Long> ppm() {
        return Arbitraries.longs().between(0, Amount.PPM);
    }

    // ------------------------------------------------------------------ payloads

    /** A payload of any kind, every kind equally likely. */
    public static Arbitrary<Payload> payloads() {
        return payloadsOf(EnumSet.allOf(PayloadKind.class));
    }

    /** A normal (non-special) payload. */
    public static Arbitrary<Payload> normalPayloads() {
        return payloadsOf(EnumSet.allOf(PayloadKind.class).stream().filter(k -> !k.special()).toList());
    }

    /** A trading action, as a contract execution result may carry. */
    public static Arbitrary<Payload> contractActions() {
        return payloadsOf(List.of(PayloadKind.TRANSFER, PayloadKind.BUY_FROM_CONTRACT, PayloadKind.PLACE_ORDER,
                PayloadKind.CANCEL_ORDER, PayloadKind.OPTION_WRITE, PayloadKind.OPTION_EXERCISE));
    }

    /** One contract's result: a completed call with actions and sorted writes, or a failure or abstention. */
    public static Arbitrary<Payloads.ContractResult> contractResults() {
        Arbitrary<Payloads.StorageWrite> writes = Combinators.combine(text(1, 40),
                        text(0, 60).injectNull(0.3).map(java.util.Optional::ofNullable))
                .as(Payloads.StorageWrite::new);
        Arbitrary<Payloads.ContractResult> completed = Combinators.combine(addresses(), hashes(),
                        contractActions().list().ofMaxSize(4),
                        writes.list().ofMaxSize(3).uniqueElements(Payloads.StorageWrite::key), u63())
                .as((a, in, acts, ws, used) -> new Payloads.ContractResult(a, in, Payloads.CallOutcome.COMPLETED, "",
                        acts, ws.stream().sorted(java.util.Comparator.comparing(Payloads.StorageWrite::key)).toList(),
                        used));
        Arbitrary<Payloads.ContractResult> other = Combinators.combine(addresses(), hashes(),
                        Arbitraries.of(Payloads.CallOutcome.FAILED, Payloads.CallOutcome.ABSTAINED), text(0, 80), u63())
                .as((a, in, o, why, used) -> new Payloads.ContractResult(a, in, o, why, List.of(), List.of(), used));
        return Arbitraries.oneOf(completed, other);
    }

    /** A payload of one of {@code kinds}, each kind equally likely. */
    public static Arbitrary<Payload> payloadsOf(Collection<PayloadKind> kinds) {
        return Arbitraries.oneOf(kinds.stream().map(CoreArbitraries::payloadOf).toList());
    }

    /** Payloads of one kind (the switch is exhaustive, so a new kind must be added here). */
    /** Outside currency codes ({@link Payloads#currencyCode}). */
    public static Arbitrary<String> currencies() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").ofMinLength(1).ofMaxLength(16);
    }

    public static Arbitrary<Payload> payloadOf(PayloadKind kind) {
        Arbitrary<? extends Payload> a = switch (kind) {
            case TRANSFER -> transfers();
            case BUY_FROM_CONTRACT -> Combinators.combine(addresses(), positiveAmounts(), positiveAmounts())
                    .as(Payloads.BuyFromContract::new);
            case PLACE_ORDER -> placeOrders();
            case CANCEL_ORDER -> hashes().map(Payloads.CancelOrder::new);
            case OPTION_WRITE -> Combinators.combine(addresses(), Arbitraries.of(Payloads.OptionType.class),
                            positiveAmounts(), Arbitraries.longs().between(1, Long.MAX_VALUE), positiveAmounts())
                    .as(Payloads.OptionWrite::new);
            case OPTION_EXERCISE -> Combinators.combine(hashes(), positiveAmounts()).as(Payloads.OptionExercise::new);
            case COIN_PURCHASE -> Combinators.combine(addresses(), text(Payloads.MAX_TEXT), positiveAmounts(),
                            Arbitraries.longs().between(1, Long.MAX_VALUE), text(Payloads.MAX_TEXT))
                    .as(Payloads.CoinPurchase::new);
            case COIN_REDEMPTION -> Combinators.combine(positiveAmounts(), text(Payloads.MAX_TEXT), text(Payloads.MAX_TEXT))
                    .as(Payloads.CoinRedemption::new);
            case RATE_REPORT -> Combinators.combine(text(Payloads.MAX_TEXT), Arbitraries.longs().between(1, Long.MAX_VALUE))
                    .as(Payloads.RateReport::new);
            case COIN_CONFIG_UPDATE -> currencies().list().ofMaxSize(5).uniqueElements()
                    .map(Payloads.CoinConfigUpdate::new);
            case COIN_PAYOUT -> Combinators.combine(hashes(), text(Payloads.MAX_TEXT), positiveAmounts())
                    .as(Payloads.CoinPayout::new);
            case COIN_RESERVE_REPORT -> Combinators.combine(Combinators.combine(currencies(), amounts())
                                    .as(Payloads.Reserve::new).list().ofMinSize(1).ofMaxSize(4)
                                    .uniqueElements(Payloads.Reserve::currency),
                            text(Payloads.MAX_TEXT), text(Payloads.MAX_TEXT))
                    .as(Payloads.CoinReserveReport::new);
            case CONTRACT_CONFIG_UPDATE -> Combinators.combine(addresses(), amounts(), ppm(), text(0, 300))
                    .as(Payloads.ContractConfigUpdate::new);
            case CONTRACT_CLOSE -> addresses().map(Payloads.ContractClose::new);
            case CONTRACT_EXECUTION_RESULTS -> Combinators.combine(u63(), hashes(), contractResults().list()
                            .ofMinSize(1).ofMaxSize(3).uniqueElements(Payloads.ContractResult::contract))
                    .as((h, b, rs) -> new Payloads.ContractExecutionResults(h, b,
                            rs.stream().sorted(java.util.Comparator.comparing(Payloads.ContractResult::contract)).toList()));
            case NETWORK_PARAMETERS -> text(1, 400).map(Payloads.NetworkParametersUpdate::new);
            case CONTRACT_CREATION -> contractCreations();
            case CONTRACT_STATE_CHANGE -> Combinators.combine(addresses(), Arbitraries.of(true, false))
                    .as(Payloads.ContractStateChange::new);
            case ENCRYPTED_CODE_APPROVAL -> Combinators.combine(hashes(), Arbitraries.of(true, false))
                    .as(Payloads.EncryptedCodeApproval::new);
            case SEALED_CODE_REWRAP -> Combinators.combine(addresses(), Arbitraries.bytes().array(byte[].class).ofMinSize(1)
                    .ofMaxSize(64)).as(io.bourse.core.commitment.SealedCodeRewrap::new);
            case SEALED_CODE_CHECK -> Combinators.combine(hashes(), Arbitraries.strings().alpha().ofMinLength(1)
                    .ofMaxLength(40)).as((id, why) -> why.length() % 2 == 0
                            ? io.bourse.core.commitment.SealedCodeCheck.opened(id)
                            : io.bourse.core.commitment.SealedCodeCheck.failed(id, why));
        };
        return a.map(p -> (Payload) p);
    }

    public static Arbitrary<Payloads.Transfer> transfers() {
        return Combinators.combine(addresses(), tokenIds(), positiveAmounts()).as(Payloads.Transfer::new);
    }

    private static Arbitrary<Payloads.PlaceOrder> placeOrders() {
        return Combinators.combine(tokenIds(), tokenIds(), Arbitraries.of(Payloads.Side.class),
                        Arbitraries.of(Payloads.OrderType.class), positiveAmounts(), positiveAmounts(), u63())
                .filter((base, quote, side, type, price, quantity, gtt) -> !base.equals(quote))
                .as(Payloads.PlaceOrder::new);
    }

    private static Arbitrary<Payloads.ContractCreation> contractCreations() {
        Arbitrary<Tuple.Tuple5<String, PublicKey, String, byte[], String>> first = Combinators.combine(
                text(Payloads.MAX_TEXT), publicKeys(), text(0, 500), bytes(0, 200), text(0, Payloads.MAX_TEXT))
                .as(Tuple::of);
        Arbitrary<Tuple.Tuple5<Amount, Amount, Long, Long, String>> second = Combinators.combine(
                positiveAmounts(), amounts(), ppm(), ppm(), text(0, 300)).as(Tuple::of);
        return Combinators.combine(first, second).as((a, b) -> new Payloads.ContractCreation(
                a.get1(), a.get2(), a.get3(), a.get4(), a.get5(), b.get1(), b.get2(), b.get3(), b.get4(), b.get5()));
    }

    // ------------------------------------------------------------------ commitments

    /** Commitments with a random (invalid) signature: cheap, for codec tests. */
    public static Arbitrary<Commitment> commitments() {
        return Combinators.combine(chainIds(), publicKeys(), u63(), payloads(), signatures()).as(Commitment::new);
    }

    /** Commitments really signed by one of {@link TestKeys} 0..9. */
    public static Arbitrary<Commitment> signedCommitments() {
        return signedCommitments(chainIds(), payloads());
    }

    public static Arbitrary<Commitment> signedCommitments(Arbitrary<ChainId> chains, Arbitrary<Payload> payloads) {
        return Combinators.combine(keyPairs(10), chains, u63(), payloads).as(Commitment::sign);
    }

    // ------------------------------------------------------------------ blocks

    public static Arbitrary<BlockHeader> headers() {
        Arbitrary<Tuple.Tuple5<ChainId, BlockHeight, Hash, Timestamp, PublicKey>> first = Combinators.combine(
                chainIds(), heights(), hashes(), timestamps(), publicKeys()).as(Tuple::of);
        Arbitrary<Tuple.Tuple5<Hash, Hash, Hash, Hash, BlockKind>> second = Combinators.combine(
                hashes(), hashes(), hashes(), hashes(), Arbitraries.of(BlockKind.class)).as(Tuple::of);
        return Combinators.combine(first, second).as((a, b) -> new BlockHeader(a.get1(), a.get2(), a.get3(), a.get4(),
                a.get5(), b.get1(), b.get2(), b.get3(), b.get4(), b.get5()));
    }

    /** Certificates with 0..7 seals of distinct random signers and random signatures. */
    public static Arbitrary<QuorumCertificate> certificates() {
        Arbitrary<List<CommitSeal>> seals = Combinators.combine(publicKeys(), signatures()).as(CommitSeal::new)
                .list().ofMaxSize(7).uniqueElements(CommitSeal::signer);
        return Combinators.combine(heights(), Arbitraries.integers().between(0, Integer.MAX_VALUE), hashes(), seals)
                .as(QuorumCertificate::new);
    }

    /** Structurally random blocks (roots and signatures need not match): for codec tests. */
    public static Arbitrary<Block> blocks() {
        return Combinators.combine(headers(), signatures(), certificates().optional(),
                commitments().list().ofMaxSize(4)).as(Block::new);
    }

    // ------------------------------------------------------------------ state and receipts

    /** Write sets of up to 12 changes, keys 0..40 bytes (the empty key included), values 0..64 bytes. */
    public static Arbitrary<WriteSet> writeSets() {
        Arbitrary<Tuple.Tuple2<byte[], Optional<byte[]>>> change =
                Combinators.combine(bytes(0, 40), bytes(0, 64).optional()).as(Tuple::of);
        return change.list().ofMaxSize(12).map(changes -> {
            WriteSet ws = new WriteSet();
            for (Tuple.Tuple2<byte[], Optional<byte[]>> c : changes) {
                if (c.get2().isPresent()) {
                    ws.put(Bytes.of(c.get1()), c.get2().get());
                } else {
                    ws.delete(Bytes.of(c.get1()));
                }
            }
            return ws;
        });
    }

    public static Arbitrary<Receipt> receipts() {
        return Combinators.combine(hashes(), Arbitraries.of(RejectReason.class), text(0, Receipt.MAX_MESSAGE))
                .as((id, reason, msg) -> new Receipt(id, reason == RejectReason.NONE, reason, msg));
    }
}
