package io.bourse.vm;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Runs contract code in GraalJS under the CONSTRAINED sandbox policy (K6), in this JVM, one call
 * at a time. Data crosses the boundary only as JSON text — the host hands the guest no Java object,
 * only one read-only look-up function for the block's market ({@link MarketView.Access}) — and
 * the guest's answer is parsed and bounded here. A block's shared ctx is read once for all its calls.
 *
 * <p>Each contract is loaded once into a context of its own ({@link LoadedContract}) and kept,
 * keyed by its address and the SHA-256 of its code, for up to {@code cachedContracts} contracts
 * (least recently used first out). A kept context answers exactly like a new one: the prelude
 * freezes every intrinsic and the contract's code runs anew inside a function on every call.
 * With {@code cachedContracts = 0} every call gets a new context (ContextReuseTest compares both).
 *
 * <p>What a contract can reach: the allow-listed ECMAScript globals of {@code prelude.js}; no
 * Java, polyglot, IO, threads, modules, code from strings, {@code load}, {@code print} or
 * {@code console}. {@code Math.random} is seeded from (block hash, contract address), {@code Date}
 * gives the block's time in UTC. The {@link Meter} counts statements and frames. Memory and
 * builtins that run long without a statement are bounded only by {@link WorkerPool}'s processes.
 */
public final class ContractSandbox implements ContractRunner {
    public static final int MAX_ACTIONS = CallOutput.MAX_ACTIONS;
    public static final int MAX_WRITES = CallOutput.MAX_WRITES;
    public static final int MAX_KEY_CHARS = CallOutput.MAX_KEY_CHARS;
    public static final int MAX_VALUE_CHARS = CallOutput.MAX_VALUE_CHARS;
    public static final int MAX_OUTPUT_CHARS = CallOutput.MAX_OUTPUT_CHARS;
    public static final int MAX_CODE_CHARS = LoadedContract.MAX_CODE_CHARS;
    /** Contexts kept by default: one per contract, the least recently used closed first. */
    public static final int DEFAULT_CACHED_CONTRACTS = 1024;

    private final Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
            .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
            .option("engine.WarnInterpreterOnly", "false").build();
    private final Meter meter = meter(engine);
    private final int cachedContracts;
    private final Map<Key, LoadedContract> loaded;
    private final MarketView.Access market = new MarketView.Access();
    private MarketView block; // the last block's shared ctx: calls come block by block

    /** The contract's identity for the cache: its address and its code. */
    private record Key(Address contract, Hash code) {
    }

    public ContractSandbox() {
        this(DEFAULT_CACHED_CONTRACTS);
    }

    /** @param cachedContracts contexts kept alive; 0 loads every call into a new context */
    public ContractSandbox(int cachedContracts) {
        if (cachedContracts < 0) {
            throw new IllegalArgumentException("cachedContracts must not be negative");
        }
        this.cachedContracts = cachedContracts;
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, LoadedContract> eldest) {
                if (size() > ContractSandbox.this.cachedContracts) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    private static Meter meter(Engine engine) {
        var instrument = engine.getInstruments().get(MeterInstrument.ID);
        Meter m = instrument == null ? null : instrument.lookup(Meter.class);
        if (m == null) {
            throw new IllegalStateException("the " + MeterInstrument.ID + " instrument is missing from the classpath");
        }
        return m;
    }

    @Override
    public String engineVersion() {
        return LoadedContract.engineVersion();
    }

    /** The calls one after another, in this thread. */
    @Override
    public List<CallResult> runAll(List<ContractCall> calls) {
        return calls.stream().map(this::call).toList();
    }

    /** One call at a time: the engine's meter counts the call in progress. */
    public synchronized CallResult call(ContractCall call) {
        Key key = new Key(call.contract(), call.codeHash());
        LoadedContract contract = loaded.get(key);
        if (contract == null) {
            contract = LoadedContract.load(engine, meter, call.codeHash(), call.code());
        }
        CallResult result = contract.call(call, view(call.block()), market, meter);
        if (contract.reusable() && cachedContracts > 0) {
            loaded.putIfAbsent(key, contract);
        } else {
            loaded.remove(key);
            contract.close();
        }
        return result;
    }

    /** The block's shared ctx, read once for all its calls. */
    private MarketView view(BlockInput input) {
        if (block == null || (block.input() != input && !block.input().equals(input))) {
            block = MarketView.of(input);
        }
        return block;
    }

    /** How many contracts have a context kept alive. */
    public synchronized int loadedContracts() {
        return loaded.size();
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(LoadedContract::close);
        loaded.clear();
        engine.close();
    }
}
