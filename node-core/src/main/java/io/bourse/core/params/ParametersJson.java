package io.bourse.core.params;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Strict JSON for {@link NetworkParameters}: unknown or duplicated fields, floating-point money,
 * out-of-range values and the C6/C9 rules are refused with the field's name and the reason. The
 * canonical form ({@link #render}) has a fixed field order and writes every decimal as a string,
 * so one set of parameters has exactly one JSON document and one hash.
 */
public final class ParametersJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ParametersJson() {
    }

    /** Parses and validates a parameters document. */
    public static NetworkParameters parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("parameters", "not valid JSON: " + e.getOriginalMessage());
        }
        return fromTree(root);
    }

    public static NetworkParameters fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("parameters", "must be a JSON object");
        }
        Fields f = new Fields((ObjectNode) root);
        NetworkParameters p = new NetworkParameters(
                f.req("chainId", n -> new ChainId(text(n))),
                f.req("blockGenerationTime", n -> millis(n)),
                f.req("blockGenerator", n -> key(n, false).publicKey()),
                f.req("blockSigners", n -> list(n, m -> key(m, true))),
                f.req("blockMinimumSigners", n -> (int) integer(n, 0, 10_000)),
                f.req("blockProductionReward", ParametersJson::money),
                f.req("contractMinimumSharePrice", ParametersJson::money),
                f.req("contractMaximumShareHoldTime", n -> integer(n, 0, Long.MAX_VALUE / 1000)),
                f.req("contractMinimumShareHoldTime", n -> integer(n, 0, Long.MAX_VALUE / 1000)),
                f.req("contractMaximumManagerFee", ParametersJson::fraction),
                f.req("contractMaximumManagerShare", ParametersJson::fraction),
                f.req("contractNetworkOperatorFee", ParametersJson::fraction),
                f.req("contractNetworkOperatorFeeAddress", ParametersJson::addresses),
                f.req("contractFoundersFee", ParametersJson::fraction),
                f.req("contractFoundersFeeAddress", ParametersJson::addresses),
                f.req("contractCoinContractOperatorFee", ParametersJson::fraction),
                f.req("contractCoinContractOperatorFeeAddress", ParametersJson::addresses),
                f.req("networkOperator", ParametersJson::text),
                f.req("executionServers", n -> list(n, m -> key(m, false).publicKey())),
                f.req("coinContractOperator", n -> key(n, false).publicKey()),
                f.req("contractMinimumInvestedRatio", ParametersJson::fraction),
                f.req("contractInvestedRatioGracePeriod", n -> integer(n, 0, Long.MAX_VALUE / 1000)),
                f.req("exchangeFee", ParametersJson::fraction),
                f.req("roundChangeTimeout", n -> millis(n)),
                f.req("contractExecutionQuorum", n -> (int) integer(n, 1, 10_000)),
                f.req("contractStatementBudget", n -> integer(n, NetworkParameters.MIN_STATEMENT_BUDGET,
                        NetworkParameters.MAX_STATEMENT_BUDGET)),
                f.req("rateSources", n -> list(n, m -> key(m, false).publicKey())));
        f.noOthers();
        return p.validate();
    }

    /** Reads fields by name, remembers which were read, and names the field in every error. */
    private static final class Fields {
        private final ObjectNode node;
        private final Set<String> read = new LinkedHashSet<>();

        Fields(ObjectNode node) {
            this.node = node;
        }

        <T> T req(String name, Function<JsonNode, T> reader) {
            read.add(name);
            JsonNode n = node.get(name);
            if (n == null || n.isNull()) {
                throw new InvalidInputException(name, "is required");
            }
            try {
                return reader.apply(n);
            } catch (InvalidInputException e) {
                throw e.field().isEmpty() ? new InvalidInputException(name, e.reason())
                        : new InvalidInputException(name + e.field(), e.reason());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new InvalidInputException(name, e.getMessage());
            }
        }

        void noOthers() {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.equals("acceptedCurrencies")) {
                    throw new InvalidInputException(name, "is not a Network Parameter: the accepted currencies are "
                            + "the Coin Contract's own configuration (the genesis file's coinContract section, then "
                            + "`bourse coin configure` by the Coin Contract Operator, N2)");
                }
                if (!read.contains(name)) {
                    throw new InvalidInputException(name, "is not a known parameter");
                }
            }
        }
    }

    private static String text(JsonNode n) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new InvalidInputException("", "must be a non-empty string");
        }
        return n.asText();
    }

    private static long integer(JsonNode n, long min, long max) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidInputException("", "must be a whole number");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new InvalidInputException("", "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("", "'" + n.asText() + "' is not a decimal number");
            }
        }
        if (n.isIntegralNumber() || n.isBigDecimal()) {
            return n.decimalValue();
        }
        throw new InvalidInputException("", "must be a number or a decimal string");
    }

    /** Money: a whole JSON number or a decimal string; a JSON float is refused (it may not be exact). */
    private static Amount money(JsonNode n) {
        if (n.isNumber() && !n.isIntegralNumber()) {
            throw new InvalidInputException("", "money is written as a whole number or a decimal string, not a float");
        }
        return Amount.fromDecimal(decimal(n));
    }

    /** A fraction 0..1 (JSON decimal or string), kept as exact parts per million. */
    private static long fraction(JsonNode n) {
        BigDecimal d = decimal(n);
        if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidInputException("", "must be a fraction between 0 and 1, got " + d.toPlainString());
        }
        BigDecimal ppm = d.movePointRight(6);
        if (ppm.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException("", "at most 6 decimals (parts per million), got " + d.toPlainString());
        }
        return ppm.longValueExact();
    }

    /** Seconds, possibly fractional (0.25), kept as exact milliseconds. */
    private static long millis(JsonNode n) {
        BigDecimal d = decimal(n);
        if (d.signum() <= 0) {
            throw new InvalidInputException("", "must be positive");
        }
        BigDecimal ms = d.movePointRight(3);
        if (ms.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException("", "at most millisecond precision, got " + d.toPlainString());
        }
        return ms.longValueExact();
    }

    private static <T> List<T> list(JsonNode n, Function<JsonNode, T> item) {
        if (!n.isArray()) {
            throw new InvalidInputException("", "must be a list");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            try {
                out.add(item.apply(n.get(i)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("[" + i + "]" + e.field(), e.reason());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static List<Address> addresses(JsonNode n) {
        return list(n, m -> Address.parse(text(m)));
    }

    /** {"publicKey": hex, "address": "bx…" (optional, must match), "operator": "…" (signers only)}. */
    private static Validator key(JsonNode n, boolean withOperator) {
        if (!n.isObject()) {
            throw new InvalidInputException("", "must be an object with a publicKey");
        }
        Set<String> allowed = withOperator ? Set.of("publicKey", "address", "operator") : Set.of("publicKey", "address");
        n.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new InvalidInputException("." + name, "is not a known field");
            }
        });
        JsonNode pk = n.get("publicKey");
        if (pk == null) {
            throw new InvalidInputException(".publicKey", "is required");
        }
        PublicKey key;
        try {
            key = PublicKey.fromHex(text(pk));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(".publicKey", e.getMessage());
        }
        JsonNode addr = n.get("address");
        if (addr != null) {
            Address a;
            try {
                a = Address.parse(text(addr));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(".address", e.getMessage());
            }
            if (!a.equals(key.address())) {
                throw new InvalidInputException(".address", "does not belong to the public key");
            }
        }
        String operator = "";
        if (withOperator) {
            JsonNode op = n.get("operator");
            if (op == null) {
                throw new InvalidInputException(".operator", "is required");
            }
            operator = text(op);
        }
        return new Validator(key, operator);
    }

    // ---------------------------------------------------------------- rendering

    static String render(NetworkParameters p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("chainId", p.chainId().value());
        o.put("blockGenerationTime", seconds(p.blockGenerationTimeMillis()));
        o.set("blockGenerator", keyNode(p.blockGenerator(), null));
        ArrayNode signers = o.putArray("blockSigners");
        p.blockSigners().forEach(v -> signers.add(keyNode(v.publicKey(), v.operator())));
        o.put("blockMinimumSigners", p.blockMinimumSigners());
        o.put("blockProductionReward", p.blockProductionReward().toPlainString());
        o.put("contractMinimumSharePrice", p.contractMinimumSharePrice().toPlainString());
        o.put("contractMaximumShareHoldTime", p.contractMaximumShareHoldTimeSeconds());
        o.put("contractMinimumShareHoldTime", p.contractMinimumShareHoldTimeSeconds());
        o.put("contractMaximumManagerFee", ppmText(p.contractMaximumManagerFeePpm()));
        o.put("contractMaximumManagerShare", ppmText(p.contractMaximumManagerSharePpm()));
        o.put("contractNetworkOperatorFee", ppmText(p.contractNetworkOperatorFeePpm()));
        addressList(o.putArray("contractNetworkOperatorFeeAddress"), p.contractNetworkOperatorFeeAddress());
        o.put("contractFoundersFee", ppmText(p.contractFoundersFeePpm()));
        addressList(o.putArray("contractFoundersFeeAddress"), p.contractFoundersFeeAddress());
        o.put("contractCoinContractOperatorFee", ppmText(p.contractCoinContractOperatorFeePpm()));
        addressList(o.putArray("contractCoinContractOperatorFeeAddress"), p.contractCoinContractOperatorFeeAddress());
        o.put("networkOperator", p.networkOperator());
        ArrayNode servers = o.putArray("executionServers");
        p.executionServers().forEach(k -> servers.add(keyNode(k, null)));
        o.set("coinContractOperator", keyNode(p.coinContractOperator(), null));
        o.put("contractMinimumInvestedRatio", ppmText(p.contractMinimumInvestedRatioPpm()));
        o.put("contractInvestedRatioGracePeriod", p.contractInvestedRatioGraceSeconds());
        o.put("exchangeFee", ppmText(p.exchangeFeePpm()));
        o.put("roundChangeTimeout", seconds(p.roundChangeTimeoutMillis()));
        o.put("contractExecutionQuorum", p.contractExecutionQuorum());
        o.put("contractStatementBudget", p.contractStatementBudget());
        ArrayNode sources = o.putArray("rateSources");
        p.rateSources().forEach(k -> sources.add(keyNode(k, null)));
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render parameters", e);
        }
    }

    private static ObjectNode keyNode(PublicKey key, String operator) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("publicKey", key.hex());
        n.put("address", key.address().text());
        if (operator != null) {
            n.put("operator", operator);
        }
        return n;
    }

    private static void addressList(ArrayNode a, List<Address> addresses) {
        addresses.forEach(x -> a.add(x.text()));
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static String ppmText(long ppm) {
        return BigDecimal.valueOf(ppm, 6).stripTrailingZeros().toPlainString();
    }
}
