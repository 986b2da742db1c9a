package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads.StorageWrite;
import io.bourse.core.ledger.ContractExecutions;
import io.bourse.core.ledger.LedgerActions;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Chain;
import io.bourse.p2p.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * K6: what contracts did and keep: their on-chain storage (keys paged, one value at a time) and
 * their decided executions (applied, failed, abstained, diverged) with the servers that agreed.
 * K5, K9: what the ledger did to them on its own ({@link LedgerActions}).
 */
final class ContractViews {
    static final int MAX_KEYS_PAGE = 1000;

    private final Chain chain;

    ContractViews(Chain chain) {
        this.chain = chain;
    }

    /** {@code ?after=KEY&limit=N} (default 100): the storage's keys in order, with each value's size. */
    ObjectNode storage(String addressText, HttpRequest req) {
        Address a = known(addressText);
        int limit = Params.nonNegativeInt(req, "limit", 100);
        if (limit == 0 || limit > MAX_KEYS_PAGE) {
            throw new ApiError(400, "bad query parameter", "limit", "1 to " + MAX_KEYS_PAGE);
        }
        String after = Params.query(req, "after").orElse(null);
        return chain.readState(s -> {
            SortedMap<String, String> store = ContractExecutions.storage(s, a);
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("contract", a.text());
            o.put("height", chain.height());
            o.put("total", store.size());
            ArrayNode keys = o.putArray("keys");
            ArrayNode sizes = o.putArray("entries");
            for (Map.Entry<String, String> e : (after == null ? store : store.tailMap(after)).entrySet()) {
                if (e.getKey().equals(after)) {
                    continue;
                }
                if (keys.size() == limit) {
                    o.put("next", keys.get(keys.size() - 1).asText());
                    break;
                }
                keys.add(e.getKey());
                sizes.addObject().put("key", e.getKey()).put("bytes", e.getValue().getBytes(StandardCharsets.UTF_8).length);
            }
            return o;
        });
    }

    /** One storage value, as the contract wrote it. */
    ObjectNode storageValue(String addressText, String keyText) {
        Address a = known(addressText);
        String key = URLDecoder.decode(keyText, StandardCharsets.UTF_8);
        return chain.readState(s -> {
            String value = ContractExecutions.storage(s, a).get(key);
            if (value == null) {
                throw new ApiError(404, "no such storage key", "key", "contract " + a.text() + " keeps no key "
                        + Params.shorten(key));
            }
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("contract", a.text());
            o.put("height", chain.height());
            o.put("key", key);
            o.put("value", value);
            return o;
        });
    }

    /** {@code ?from=H} (default 0): the decided executions for blocks at or above H, oldest first (the last 64). */
    ObjectNode executions(String addressText, HttpRequest req) {
        Address a = known(addressText);
        long from = Params.query(req, "from").map(t -> Params.height(t, "from")).orElse(0L);
        return chain.readState(s -> {
            ContractExecutions.Status st = ContractExecutions.status(s, a);
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("contract", a.text());
            o.put("height", chain.height());
            o.put("lastDecided", st.lastDecided());
            ArrayNode pending = o.putArray("pending");
            st.pending().forEach(pending::add);
            ArrayNode assigned = o.putArray("assignedServers");
            ContractExecutions.assigned(chain.parameters(), a).forEach(k -> assigned.add(k.address().text()));
            ArrayNode items = o.putArray("executions");
            for (ContractExecutions.Entry e : ContractExecutions.log(s, a, from)) {
                items.add(entry(e));
            }
            return o;
        });
    }

    /**
     * {@code ?from=H} (default 0): what the ledger did to the contract on its own (sales past the
     * maximum hold time, forced liquidation, dust, invested-ratio warnings and restriction, the
     * Repurchase) at blocks at or above H, oldest first (the last {@value LedgerActions#LOG_SIZE}).
     */
    ObjectNode ledgerActions(String addressText, HttpRequest req) {
        Address a = known(addressText);
        long from = Params.query(req, "from").map(t -> Params.height(t, "from")).orElse(0L);
        return chain.readState(s -> {
            ObjectNode o = JsonViews.MAPPER.createObjectNode();
            o.put("contract", a.text());
            o.put("height", chain.height());
            o.put("total", LedgerActions.count(s, a));
            ArrayNode items = o.putArray("actions");
            for (LedgerActions.Entry e : LedgerActions.log(s, a)) {
                if (e.height() >= from) {
                    items.add(ledgerAction(e));
                }
            }
            return o;
        });
    }

    static ObjectNode ledgerAction(LedgerActions.Entry e) {
        ObjectNode x = JsonViews.MAPPER.createObjectNode();
        x.put("height", e.height());
        x.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        x.put("token", e.token().text());
        x.put("quantity", e.quantity().toPlainString());
        x.put("coin", e.coin().toPlainString());
        x.put("note", e.note());
        return x;
    }

    static ObjectNode entry(ContractExecutions.Entry e) {
        ObjectNode x = JsonViews.MAPPER.createObjectNode();
        x.put("height", e.forHeight());
        x.put("decidedAt", e.decidedAt());
        x.put("outcome", e.decision().label());
        x.put("reason", e.reason());
        ArrayNode actions = x.putArray("actions");
        for (Payload p : e.actions()) {
            ObjectNode action = actions.addObject();
            action.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            action.setAll(JsonViews.payload(p));
        }
        ArrayNode writes = x.putArray("writes");
        for (StorageWrite w : e.writes()) {
            ObjectNode wo = writes.addObject().put("key", w.key());
            if (w.value().isPresent()) {
                wo.put("value", w.value().get());
            } else {
                wo.putNull("value");
            }
        }
        x.put("budgetUsed", e.budgetUsed());
        x.set("servers", addresses(e.servers()));
        x.set("dissent", addresses(e.dissent()));
        return x;
    }

    private static ArrayNode addresses(List<PublicKey> keys) {
        ArrayNode a = JsonViews.MAPPER.createArrayNode();
        keys.forEach(k -> a.add(k.address().text()));
        return a;
    }

    private Address known(String addressText) {
        Address a = Params.address(addressText, "address");
        if (chain.readState(s -> LedgerState.contract(s, a)).isEmpty()) {
            throw new ApiError(404, "unknown contract", "address", "no contract at " + a.text());
        }
        return a;
    }
}
