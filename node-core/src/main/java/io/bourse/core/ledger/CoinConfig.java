package io.bourse.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.ParametersJson;
import java.util.ArrayList;
import java.util.List;

/**
 * N2: the Coin Contract's own configuration, which the Coin Contract Operator alone changes (a
 * {@link Payloads.CoinConfigUpdate} signed with the operator's key named in the parameters) — not
 * a Network Parameter the Block Signers vote on. It starts from the genesis file's
 * {@code coinContract} section.
 *
 * <p>The registered rate sources are deliberately <em>not</em> part of it: they stay in the
 * parameters, where the signers register them, so that the operator alone can never satisfy the
 * minimum of distinct sources a purchase's rate is checked against (N4, docs/economics.md).
 *
 * @param acceptedCurrencies the outside currencies purchases, rate reports and redemptions may use,
 *                           in the order the operator gave
 */
public record CoinConfig(List<String> acceptedCurrencies) {
    /** What a genesis file without a {@code coinContract} section starts with (as {@code genesis new} writes). */
    public static final CoinConfig DEFAULT = new CoinConfig(List.of("BTC", "ETH", "USD"));

    public CoinConfig {
        // the payload's rules: each a currency code, at most 32, none twice
        acceptedCurrencies = new Payloads.CoinConfigUpdate(acceptedCurrencies).acceptedCurrencies();
    }

    public boolean accepts(String currency) {
        return acceptedCurrencies.contains(currency);
    }

    byte[] toBytes() {
        return new Writer().list(acceptedCurrencies, Writer::string).toByteArray();
    }

    static CoinConfig fromBytes(byte[] b) {
        return Reader.decodeAll(b, "coin contract configuration", r -> new CoinConfig(
                r.list(Payloads.MAX_CURRENCIES, "acceptedCurrencies", rr -> rr.string(Payloads.MAX_TEXT * 4, "currency"))));
    }

    /** The genesis file's {@code coinContract} object: {@code {"acceptedCurrencies": ["USD", …]}}. */
    public static CoinConfig fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException("coinContract", "must be an object like {\"acceptedCurrencies\": [\"USD\"]}");
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!f.equals("acceptedCurrencies")) {
                throw new InvalidInputException("coinContract." + f, "is not a known field of the Coin Contract's configuration");
            }
        });
        JsonNode list = n.get("acceptedCurrencies");
        if (list == null || !list.isArray()) {
            throw new InvalidInputException("coinContract.acceptedCurrencies", "must be a list of currency codes");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : list) {
            if (!c.isTextual()) {
                throw new InvalidInputException("coinContract.acceptedCurrencies", "must hold currency codes as strings");
            }
            out.add(c.asText());
        }
        try {
            return new CoinConfig(out);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("coinContract", e.getMessage());
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = ParametersJson.MAPPER.createObjectNode();
        acceptedCurrencies.forEach(o.putArray("acceptedCurrencies")::add);
        return o;
    }
}
