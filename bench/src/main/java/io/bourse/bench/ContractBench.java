package io.bourse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractRunner;
import io.bourse.vm.ContractSandbox;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * New Block Actions per second on one core: one example contract's {@code onNewBlock}, called
 * again and again through the in-process runner ({@link ContractSandbox}, one thread) on the same
 * ctx: a market of {@code listed} contracts (every tenth Closing) built by {@link ContractWorkload},
 * storage as six earlier blocks left it (onCreate, then onNewBlock). The set-up fails unless the
 * call completes with at least one action or storage write, so the score is real work.
 *
 * <p>References, measured in the same run on the same ctx: {@code noOpContract}, a contract whose
 * {@code onNewBlock(ctx)} does nothing (what any call costs: context, prelude, ctx in and result
 * out), and {@code jacksonRoundTrip}, Jackson's parse and serialisation of the ctx JSON (a plain
 * JVM workload, for the speed of the machine).
 *
 * <p>Only the public runner API is used, so this keeps working when the sandbox's internals change.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
public class ContractBench {
    static final String NO_OP = "function onNewBlock(ctx) {}\n";
    /** The contract whose ctx the references use: the first (Active) one. */
    static final int SELF = 0;
    static final long SEED = 42;

    /** One example contract's call, checked to do real work. */
    @State(Scope.Thread)
    public static class Example {
        @Param({"market-maker", "index-fund", "momentum", "options-writer", "self-closing"})
        public String example;
        @Param({"50"})
        public int listed;
        ContractRunner runner;
        List<ContractCall> call;

        @Setup
        public void setUp() {
            runner = new ContractSandbox();
            ContractWorkload market = new ContractWorkload(listed, 10, SEED);
            call = List.of(market.steadyCall(runner, example, SELF));
            CallResult.Completed r = ContractWorkload.requireWork(runner.runAll(call).get(0), example + ".onNewBlock");
            if (!runner.runAll(call).get(0).equals(r)) {
                throw new IllegalStateException(example + ": two runs of the same call differ");
            }
        }

        @TearDown
        public void close() {
            runner.close();
        }
    }

    /** The same ctx for the reference benchmarks. */
    @State(Scope.Thread)
    public static class Reference {
        @Param({"50"})
        public int listed;
        ContractRunner runner;
        List<ContractCall> noOp;
        String ctx;
        final ObjectMapper json = new ObjectMapper();

        @Setup
        public void setUp() {
            runner = new ContractSandbox();
            ContractWorkload market = new ContractWorkload(listed, 10, SEED);
            ctx = market.ctx(SELF, ContractWorkload.HEIGHT);
            noOp = List.of(market.call(NO_OP, SELF, "onNewBlock", ContractWorkload.HEIGHT, Map.of()));
            ContractWorkload.completed(runner.runAll(noOp).get(0), "the no-op contract");
        }

        @TearDown
        public void close() {
            runner.close();
        }
    }

    @Benchmark
    public CallResult newBlockAction(Example s) {
        return s.runner.runAll(s.call).get(0);
    }

    @Benchmark
    public CallResult noOpContract(Reference s) {
        return s.runner.runAll(s.noOp).get(0);
    }

    @Benchmark
    public String jacksonRoundTrip(Reference s) throws IOException {
        return s.json.writeValueAsString(s.json.readTree(s.ctx));
    }
}
