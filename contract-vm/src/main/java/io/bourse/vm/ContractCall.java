package io.bourse.vm;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One call of a contract's code: everything the result may depend on, and nothing else (K6).
 *
 * @param code            the contract's public JavaScript source
 * @param contract        the contract's address (with the block hash, it seeds Math.random)
 * @param entry           the function called: {@code onNewBlock}, {@code onCreate} or {@code onClosing}
 * @param blockHash       the final block the call is computed on
 * @param blockMillis     that block's timestamp: what Date and Date.now give
 * @param contextJson     the rest of {@code ctx} as a JSON object: {@code block}, {@code contract},
 *                        {@code market}, {@code params} (amounts as decimal strings)
 * @param storage         the contract's persistent storage before the call, sorted
 * @param statementBudget how many statements the call may execute
 */
public record ContractCall(String code, Address contract, String entry, Hash blockHash, long blockMillis,
                           String contextJson, SortedMap<String, String> storage, long statementBudget) {
    public ContractCall {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(contextJson, "contextJson");
        if (!entry.equals("onNewBlock") && !entry.equals("onCreate") && !entry.equals("onClosing")) {
            throw new IllegalArgumentException("entry must be onNewBlock, onCreate or onClosing, got " + entry);
        }
        if (statementBudget <= 0) {
            throw new IllegalArgumentException("statementBudget must be positive");
        }
        storage = new TreeMap<>(storage);
    }

    public static ContractCall onNewBlock(String code, Address contract, Hash blockHash, long blockMillis,
                                          String contextJson, Map<String, String> storage, long budget) {
        return new ContractCall(code, contract, "onNewBlock", blockHash, blockMillis, contextJson, new TreeMap<>(storage),
                budget);
    }
}
