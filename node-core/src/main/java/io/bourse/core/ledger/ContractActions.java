package io.bourse.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the actions a contract's call took (docs/contracts.md, {@code {"type":…,"args":{…}}}) into
 * the payloads a New Block Action result carries. Strict, like every input: a documented type, the
 * documented argument names and nothing else, amounts as decimal strings. The first action that
 * does not read fails them all, naming its index and field — a call's actions apply whole or not
 * at all. A pure function: every server and every re-executing node reads the same payloads.
 */
public final class ContractActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractActions() {
    }

    public static Result<List<Payload>> toPayloads(List<String> actions) {
        List<Payload> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            try {
                out.add(read(JSON.readTree(actions.get(i))));
            } catch (JsonProcessingException e) {
                return Result.fail(RejectReason.INVALID_ORDER, "action " + i + ": not JSON");
            } catch (BadAction | IllegalArgumentException e) {
                return Result.fail(RejectReason.INVALID_ORDER, "action " + i + ": " + e.getMessage());
            }
        }
        return Result.ok(List.copyOf(out));
    }

    private static Payload read(JsonNode action) {
        String type = action.path("type").asText("");
        JsonNode a = action.path("args");
        if (!a.isObject()) {
            throw new BadAction("args must be an object");
        }
        return switch (type) {
            case "placeOrder" -> {
                only(a, Set.of("market", "side", "type", "price", "quantity", "goodTillHeight"));
                String market = text(a, "market");
                int dash = market.indexOf('-');
                TokenId base = TokenId.parse(dash < 0 ? market : market.substring(0, dash));
                TokenId quote = dash < 0 ? TokenId.COIN : TokenId.parse(market.substring(dash + 1));
                yield new Payloads.PlaceOrder(base, quote, side(text(a, "side")), orderType(a), amount(a, "price"),
                        amount(a, "quantity"), a.has("goodTillHeight") ? whole(a, "goodTillHeight") : 0);
            }
            case "cancelOrder" -> {
                only(a, Set.of("id"));
                yield new Payloads.CancelOrder(Hash.fromHex(text(a, "id")));
            }
            case "buyFromContract" -> {
                only(a, Set.of("contract", "quantity", "maxPrice"));
                yield new Payloads.BuyFromContract(Address.parse(text(a, "contract")), amount(a, "quantity"),
                        amount(a, "maxPrice"));
            }
            case "writeOption" -> {
                only(a, Set.of("underlying", "type", "strike", "expiryHeight", "size"));
                OptionType t = switch (text(a, "type")) {
                    case "call" -> OptionType.CALL;
                    case "put" -> OptionType.PUT;
                    default -> throw new BadAction("type must be call or put");
                };
                yield new Payloads.OptionWrite(Address.parse(text(a, "underlying")), t, amount(a, "strike"),
                        whole(a, "expiryHeight"), amount(a, "size"));
            }
            case "exerciseOption" -> {
                only(a, Set.of("series", "size"));
                yield new Payloads.OptionExercise(Hash.fromHex(text(a, "series")), amount(a, "size"));
            }
            default -> throw new BadAction("unknown action type '" + type + "'");
        };
    }

    private static Side side(String s) {
        return switch (s) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new BadAction("side must be buy or sell");
        };
    }

    private static OrderType orderType(JsonNode a) {
        if (!a.has("type")) {
            return OrderType.LIMIT;
        }
        return switch (text(a, "type")) {
            case "limit" -> OrderType.LIMIT;
            case "market" -> OrderType.MARKET;
            case "immediate-or-cancel" -> OrderType.IMMEDIATE_OR_CANCEL;
            case "fill-or-kill" -> OrderType.FILL_OR_KILL;
            default -> throw new BadAction("type must be limit, market, immediate-or-cancel or fill-or-kill");
        };
    }

    private static void only(JsonNode a, Set<String> allowed) {
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!allowed.contains(name)) {
                throw new BadAction("unknown argument '" + name + "'");
            }
        }
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadAction(field + " must be a string");
        }
        return v.asText();
    }

    private static Amount amount(JsonNode a, String field) {
        String t = text(a, field);
        if (!t.matches("[0-9]{1,19}(\\.[0-9]{1,8})?")) {
            throw new BadAction(field + " must be a decimal string like \"12.5\", got '" + shorten(t) + "'");
        }
        return Amount.parse(t);
    }

    private static long whole(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0 || !v.canConvertToLong()) {
            throw new BadAction(field + " must be a whole number ≥ 0");
        }
        return v.asLong();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** An action that does not read; becomes the failed result's message. */
    private static final class BadAction extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadAction(String message) {
            super(message, null, false, false);
        }
    }
}
