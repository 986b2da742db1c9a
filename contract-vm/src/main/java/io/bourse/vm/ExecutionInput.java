package io.bourse.vm;

import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads.CallOutcome;
import io.bourse.core.commitment.Payloads.ContractResult;
import io.bourse.core.commitment.Payloads.StorageWrite;
import io.bourse.core.ledger.ContractActions;
import io.bourse.core.ledger.ContractContext;
import io.bourse.core.ledger.ContractExecutions;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Result;
import io.bourse.core.ledger.SealedCreations;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * K6: one contract's call on one final block, and how its answer becomes the result servers vote.
 * Both halves are pure functions of the state after the block, the block, and the answer, so every
 * execution server — and any node that re-executes a contract from its public code — gets the
 * same bytes ({@link ContractResult#hash()}).
 *
 * @param call      what the sandbox runs
 * @param forHeight the block the call is computed on
 * @param inputHash binds the result to (block, contract, code)
 * @param sealed    the contract has sealed sections (K2): a failed call's result then carries its
 *                  failure code only, since an engine's message can quote the source
 */
public record ExecutionInput(ContractCall call, long forHeight, Hash inputHash, boolean sealed) {
    public ExecutionInput(ContractCall call, long forHeight, Hash inputHash) {
        this(call, forHeight, inputHash, false);
    }

    /** Storage the ledger would refuse: the server reports the call as failed rather than a result that cannot apply. */
    private static final String FULL = "limit-exceeded: the writes would exceed the contract's storage ("
            + ContractExecutions.MAX_STORAGE_KEYS + " keys, " + ContractExecutions.MAX_STORAGE_BYTES + " bytes)";

    /**
     * The call for {@code contract} on block ({@code height}, {@code blockHash}, {@code blockMillis})
     * read from {@code s}, the state after that block. Empty when the contract has no public code,
     * or has sealed code (K2), which only an execution server opens ({@link Block#input(StateReader,
     * ContractRecord, Result)}).
     */
    public static Optional<ExecutionInput> of(StateReader s, NetworkParameters p, ContractRecord contract, long height,
                                              Hash blockHash, long blockMillis) {
        return forBlock(s, p, height, blockHash, blockMillis).input(s, contract);
    }

    /** The block's shared part of every call (ctx's block, market, parameters), built once for all its contracts. */
    public static Block forBlock(StateReader s, NetworkParameters p, long height, Hash blockHash, long blockMillis) {
        ContractContext.Shared shared = ContractContext.forBlock(s, p, height, blockMillis, blockHash);
        return new Block(p, shared, height, new BlockInput(blockHash, blockMillis, shared.blockJson()));
    }

    /** One block's calls: its shared input once, each contract's own part on demand. */
    public static final class Block {
        private final NetworkParameters p;
        private final ContractContext.Shared shared;
        private final long height;
        private final BlockInput input;

        private Block(NetworkParameters p, ContractContext.Shared shared, long height, BlockInput input) {
            this.p = p;
            this.shared = shared;
            this.height = height;
            this.input = input;
        }

        /**
         * The call of {@code contract} on this block, read from {@code s} (the state after it); empty
         * without public code, and for a contract with sealed code (which needs {@link #input(StateReader,
         * ContractRecord, Result)}).
         */
        public Optional<ExecutionInput> input(StateReader s, ContractRecord contract) {
            if (SealedCreations.sealedCode(s, contract.address()).isPresent()) {
                return Optional.empty();
            }
            return input(s, contract, Result.ok(LedgerState.contractCode(s, contract.address()).orElse("")));
        }

        /**
         * The call of {@code contract} with the code an execution server opened for it
         * ({@link SealedCreations#clearCode}); empty when the code is empty or could not be opened.
         */
        public Optional<ExecutionInput> input(StateReader s, ContractRecord contract, Result<String> clearCode) {
            if (clearCode.failed() || clearCode.value().isEmpty()) {
                return Optional.empty();
            }
            ContractCall call = new ContractCall(clearCode.value(), contract.codeHash(), contract.address(),
                    ContractExecutions.entry(s, contract), input, shared.contractJson(s, contract),
                    new java.util.TreeMap<>(ContractExecutions.storage(s, contract.address())), p.contractStatementBudget());
            return Optional.of(new ExecutionInput(call, height,
                    ContractResult.inputHash(height, input.blockHash(), contract.address(), contract.codeHash()),
                    SealedCreations.sealedCode(s, contract.address()).isPresent()));
        }
    }

    /**
     * The result to vote: the call's actions read strictly into payloads and its writes sorted;
     * a call that failed, took an action that does not read, or would overfill its storage is a
     * FAILED result with a fixed reason; a failure that is the server's own (watchdog, lost
     * worker) is an ABSTAINED one.
     */
    public ContractResult result(CallResult answer) {
        return switch (answer) {
            case CallResult.Failed f -> new ContractResult(call.contract(), inputHash,
                    f.abstains() ? CallOutcome.ABSTAINED : CallOutcome.FAILED, reason(f), List.of(), List.of(),
                    f.budgetUsed());
            case CallResult.Completed c -> completed(c);
        };
    }

    private ContractResult completed(CallResult.Completed c) {
        Result<List<Payload>> actions = ContractActions.toPayloads(c.actions());
        if (actions.failed()) {
            return failed("invalid-action: " + actions.rejection().message(), c.budgetUsed());
        }
        List<StorageWrite> writes = new ArrayList<>();
        for (Map.Entry<String, String> w : c.storageWrites().entrySet()) {
            try {
                writes.add(new StorageWrite(w.getKey(), Optional.ofNullable(w.getValue())));
            } catch (IllegalArgumentException e) {
                return failed("limit-exceeded: " + e.getMessage(), c.budgetUsed());
            }
        }
        if (!fits(call.storage(), c.storageWrites())) {
            return failed(FULL, c.budgetUsed());
        }
        try {
            return new ContractResult(call.contract(), inputHash, CallOutcome.COMPLETED, "", actions.value(), writes,
                    c.budgetUsed());
        } catch (IllegalArgumentException e) {
            return failed("limit-exceeded: " + e.getMessage(), c.budgetUsed());
        }
    }

    private ContractResult failed(String reason, long budgetUsed) {
        return new ContractResult(call.contract(), inputHash, CallOutcome.FAILED, shorten(reason), List.of(), List.of(),
                budgetUsed);
    }

    private String reason(CallResult.Failed f) {
        return sealed ? f.reason().code() + ": detail withheld (sealed code)" : shorten(f.reason().code() + ": " + f.detail());
    }

    private static String shorten(String s) {
        return s.length() <= 256 ? s : s.substring(0, 255) + "…";
    }

    private static boolean fits(SortedMap<String, String> before, SortedMap<String, String> writes) {
        java.util.TreeMap<String, String> after = new java.util.TreeMap<>(before);
        writes.forEach((k, v) -> {
            if (v == null) {
                after.remove(k);
            } else {
                after.put(k, v);
            }
        });
        long bytes = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return after.size() <= ContractExecutions.MAX_STORAGE_KEYS && bytes <= ContractExecutions.MAX_STORAGE_BYTES;
    }
}
