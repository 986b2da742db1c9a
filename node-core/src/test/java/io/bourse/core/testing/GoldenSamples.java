package io.bourse.core.testing;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed inputs of the golden-bytes tests: {@link TestKeys} (deterministic seeds; Ed25519
 * signatures are deterministic too), fixed addresses and one payload of every kind. Never change a
 * value here: the pinned encodings are derived from them.
 */
public final class GoldenSamples {
    public static final ChainId CHAIN = ChainId.of("bourse-golden");
    public static final KeyPair SENDER = TestKeys.key(1);
    public static final Address OTHER = TestKeys.key(2).address();
    public static final Address CONTRACT = Address.derived("golden/contract", new byte[] {1});
    public static final TokenId SHARE = TokenId.shareOf(CONTRACT);
    public static final long NONCE = 7;

    private GoldenSamples() {
    }

    /** SHA-256 of an ASCII label: a fixed, readable source of hashes. */
    public static Hash hash(String label) {
        return Hash.of(label.getBytes(StandardCharsets.US_ASCII));
    }

    public static Payloads.PlaceOrder order(Side side, OrderType type) {
        return new Payloads.PlaceOrder(SHARE, TokenId.COIN, side, type, Amount.ofUnits(125_000_000),
                Amount.ofUnits(2_500), 90);
    }

    public static Payloads.OptionWrite optionWrite(OptionType type) {
        return new Payloads.OptionWrite(CONTRACT, type, Amount.ofUnits(300_000_000), 500, Amount.ofUnits(40));
    }

    /** One payload of every kind, in tag order. */
    public static Map<PayloadKind, Payload> payloads() {
        Map<PayloadKind, Payload> m = new EnumMap<>(PayloadKind.class);
        m.put(PayloadKind.TRANSFER, new Payloads.Transfer(OTHER, TokenId.COIN, Amount.ofUnits(1_250_000_000)));
        m.put(PayloadKind.BUY_FROM_CONTRACT, new Payloads.BuyFromContract(CONTRACT, Amount.ofUnits(300),
                Amount.ofUnits(5_000)));
        m.put(PayloadKind.PLACE_ORDER, order(Side.BUY, OrderType.LIMIT));
        m.put(PayloadKind.CANCEL_ORDER, new Payloads.CancelOrder(hash("golden/order")));
        m.put(PayloadKind.OPTION_WRITE, optionWrite(OptionType.CALL));
        m.put(PayloadKind.OPTION_EXERCISE, new Payloads.OptionExercise(hash("golden/series"), Amount.ofUnits(3)));
        m.put(PayloadKind.COIN_PURCHASE, new Payloads.CoinPurchase(OTHER, "EUR", Amount.ofUnits(10_000), 95_000_000,
                "pay-1"));
        m.put(PayloadKind.COIN_REDEMPTION, new Payloads.CoinRedemption(Amount.ofUnits(777), "EUR", "payout-1"));
        m.put(PayloadKind.RATE_REPORT, new Payloads.RateReport("EUR", 95_000_000));
        m.put(PayloadKind.COIN_CONFIG_UPDATE, new Payloads.CoinConfigUpdate(List.of("USD", "EUR")));
        m.put(PayloadKind.COIN_PAYOUT, new Payloads.CoinPayout(hash("golden/redemption"), "wire-1", Amount.ofUnits(700)));
        m.put(PayloadKind.COIN_RESERVE_REPORT, new Payloads.CoinReserveReport(List.of(
                new Payloads.Reserve("USD", Amount.ofWhole(1_000)), new Payloads.Reserve("EUR", Amount.ofUnits(5))),
                "Golden Custody", "https://audit.example/2026-12"));
        m.put(PayloadKind.CONTRACT_CONFIG_UPDATE, new Payloads.ContractConfigUpdate(CONTRACT, Amount.ofUnits(9_000),
                20_000, "{\"limit\":5}"));
        m.put(PayloadKind.CONTRACT_CLOSE, new Payloads.ContractClose(CONTRACT));
        m.put(PayloadKind.CONTRACT_EXECUTION_RESULTS, new Payloads.ContractExecutionResults(41, hash("golden/block"),
                List.of(new Payloads.ContractResult(OTHER, hash("golden/input-2"), Payloads.CallOutcome.FAILED,
                                "budget-exhausted: the statement budget is exhausted", List.of(), List.of(), 1_000_000),
                        new Payloads.ContractResult(CONTRACT, hash("golden/input"), Payloads.CallOutcome.COMPLETED, "",
                                List.of(order(Side.SELL, OrderType.FILL_OR_KILL),
                                        new Payloads.Transfer(OTHER, SHARE, Amount.ofUnits(1))),
                                List.of(new Payloads.StorageWrite("config", java.util.Optional.of("{\"spread\":2}")),
                                        new Payloads.StorageWrite("old", java.util.Optional.empty())), 4_321))
                        .stream().sorted(java.util.Comparator.comparing(Payloads.ContractResult::contract)).toList()));
        m.put(PayloadKind.NETWORK_PARAMETERS, new Payloads.NetworkParametersUpdate("{\"golden\":true}"));
        m.put(PayloadKind.CONTRACT_CREATION, new Payloads.ContractCreation("Golden Fund", TestKeys.key(3).publicKey(),
                "export function onBlock() {}", new byte[] {1, 2, 3}, "review-1", Amount.ofWhole(1_000),
                Amount.ofUnits(50_000), 100_000, 10_000, "{}"));
        m.put(PayloadKind.CONTRACT_STATE_CHANGE, new Payloads.ContractStateChange(CONTRACT, true));
        m.put(PayloadKind.ENCRYPTED_CODE_APPROVAL, new Payloads.EncryptedCodeApproval(hash("golden/creation"), false));
        m.put(PayloadKind.SEALED_CODE_REWRAP, new io.bourse.core.commitment.SealedCodeRewrap(CONTRACT, new byte[] {1, 9, 8}));
        m.put(PayloadKind.SEALED_CODE_CHECK, io.bourse.core.commitment.SealedCodeCheck.failed(hash("golden/creation"),
                "the sealed section does not authenticate"));
        return m;
    }

    /** {@code payload} signed by {@link #SENDER} on {@link #CHAIN} with nonce {@link #NONCE}. */
    public static Commitment commitment(Payload payload) {
        return Commitment.sign(SENDER, CHAIN, NONCE, payload);
    }
}
