package io.bourse.vm;

import java.util.List;

/**
 * Runs contract calls (K6). The execution server depends on this seam only: the in-process
 * {@link ContractSandbox} runs calls one after another in this JVM (tests, re-execution); a pool
 * of worker processes runs them in parallel, each worker with its own heap and a watchdog.
 */
public interface ContractRunner extends AutoCloseable {
    /**
     * Runs every call and answers one result per call, in the calls' order. Never throws for a
     * contract's fault: a call that fails, runs away or kills its worker gets a {@link CallResult.Failed}.
     */
    List<CallResult> runAll(List<ContractCall> calls);

    /** The GraalJS version every result depends on (reported by the execution servers). */
    String engineVersion();

    @Override
    void close();
}
