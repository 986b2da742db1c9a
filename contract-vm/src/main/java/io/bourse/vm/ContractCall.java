package io.bourse.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One call of a contract's code: everything the result may depend on, and nothing else (K6).
 *
 * @param code            the contract's public JavaScript source
 * @param codeHash        its SHA-256 (as the contract's record keeps it): the key under which
 *                        runners keep the loaded code, and a worker its text
 * @param contract        the contract's address (with the block hash, it seeds Math.random)
 * @param entry           the function called: {@code onNewBlock}, {@code onCreate} or {@code onClosing}
 * @param block           what every call on the block shares: block, market, parameters
 * @param contractJson    the contract's own part of {@code ctx} ({@code ctx.contract}) as a JSON
 *                        object (amounts as decimal strings)
 * @param storage         the contract's persistent storage before the call, sorted
 * @param statementBudget how many statements the call may execute
 */
public record ContractCall(String code, Hash codeHash, Address contract, String entry, BlockInput block,
                           String contractJson, SortedMap<String, String> storage, long statementBudget) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ContractCall {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(contractJson, "contractJson");
        if (!entry.equals("onNewBlock") && !entry.equals("onCreate") && !entry.equals("onClosing")) {
            throw new IllegalArgumentException("entry must be onNewBlock, onCreate or onClosing, got " + entry);
        }
        if (statementBudget <= 0) {
            throw new IllegalArgumentException("statementBudget must be positive");
        }
        if (!(parse(contractJson, "contractJson") instanceof ObjectNode)) {
            throw new IllegalArgumentException("contractJson must be a JSON object");
        }
        storage = new TreeMap<>(storage);
    }

    /** A call on {@code block}, the code's hash computed here. */
    public static ContractCall of(String code, Address contract, String entry, BlockInput block, String contractJson,
                                  Map<String, String> storage, long budget) {
        return new ContractCall(code, Hash.of(code.getBytes(StandardCharsets.UTF_8)), contract, entry, block, contractJson,
                new TreeMap<>(storage), budget);
    }

    /**
     * A call from the whole ctx as one JSON object ({@code block}, {@code contract}, {@code market},
     * {@code params}; a missing section is empty), split into the block's shared part and the
     * contract's own: for tests and tools that run one call on its own.
     */
    public static ContractCall fromContext(String code, Address contract, String entry, Hash blockHash, long blockMillis,
                                           String contextJson, Map<String, String> storage, long budget) {
        if (!(parse(contextJson, "contextJson") instanceof ObjectNode ctx)) {
            throw new IllegalArgumentException("contextJson must be a JSON object");
        }
        JsonNode own = ctx.path("contract");
        ObjectNode shared = JSON.createObjectNode();
        for (String section : new String[] {"block", "market", "params"}) {
            if (ctx.has(section)) {
                shared.set(section, ctx.get(section));
            }
        }
        return of(code, contract, entry, new BlockInput(blockHash, blockMillis, shared.toString()),
                own.isObject() ? own.toString() : "{}", storage, budget);
    }

    public static ContractCall onNewBlock(String code, Address contract, Hash blockHash, long blockMillis,
                                          String contextJson, Map<String, String> storage, long budget) {
        return fromContext(code, contract, "onNewBlock", blockHash, blockMillis, contextJson, storage, budget);
    }

    /** Without the code, which may have been sealed (K2): a call in a log line names its code by hash. */
    @Override
    public String toString() {
        return "ContractCall[" + contract + " " + entry + " code " + codeHash + ", block " + block.blockHash()
                + ", budget " + statementBudget + "]";
    }

    /** The final block the call is computed on. */
    public Hash blockHash() {
        return block.blockHash();
    }

    /** That block's timestamp. */
    public long blockMillis() {
        return block.blockMillis();
    }

    private static JsonNode parse(String json, String field) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
