package io.bourse.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs contract code in GraalJS under the CONSTRAINED sandbox policy (K6), one fresh context per
 * call, so no call can see another's globals, prototypes or storage. Data crosses the boundary
 * only as JSON text — the host hands the guest no object at all — and the guest's answer is
 * parsed and bounded here.
 *
 * <p>What a contract can reach: the allow-listed ECMAScript globals of {@code prelude.js}; no
 * Java, polyglot, IO, threads, modules, {@code load}, {@code print} or {@code console}.
 * {@code Math.random} is seeded from (block hash, contract address), {@code Date} gives the block's
 * time in UTC. A statement budget ends every call. Not yet here (docs/contracts.md, "Limits of
 * this version"): a counted recursion depth (the stack's depth still decides where a
 * {@code RangeError} happens), a heap limit and a watchdog, which need worker processes.
 */
public final class ContractSandbox implements ContractRunner {
    public static final int MAX_ACTIONS = 64;
    public static final int MAX_WRITES = 256;
    public static final int MAX_KEY_CHARS = 256;
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    public static final int MAX_OUTPUT_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Source PRELUDE = prelude();

    private final Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
            .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
            .option("engine.WarnInterpreterOnly", "false").build();
    private final Meter meter = meter(engine);

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
        return engine.getVersion();
    }

    /** The calls one after another, in this thread. */
    @Override
    public java.util.List<CallResult> runAll(java.util.List<ContractCall> calls) {
        return calls.stream().map(this::call).toList();
    }

    /** One call at a time: the engine's meter counts the call in progress. */
    public synchronized CallResult call(ContractCall call) {
        try (Context context = newContext()) {
            return run(context, call);
        } catch (PolyglotException e) {
            return classify(e, meter); // thrown again by close() after a stopped call
        } finally {
            meter.idle();
        }
    }

    private Context newContext() {
        return Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .allowIO(IOAccess.NONE).allowHostAccess(HostAccess.CONSTRAINED).allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false).allowNativeAccess(false).allowHostClassLookup(name -> false)
                .timeZone(ZoneOffset.UTC)
                .option("js.print", "false").option("js.console", "false").option("js.load", "false")
                .option("js.graal-builtin", "false")
                .option("js.allow-eval", "false") // no code from strings: eval, Function(), new-ing a function's constructor
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .build();
    }

    private CallResult run(Context context, ContractCall call) {
        String output;
        try {
            meter.idle();
            context.eval(PRELUDE);
            int[] seed = seed(call);
            // a long: JS numbers hold every millisecond timestamp below 2^53 exactly
            context.getBindings("js").getMember("__bourseInstall")
                    .execute(seed[0], seed[1], seed[2], seed[3], call.blockMillis());
            meter.begin(call.statementBudget());
            context.eval(Source.newBuilder("js", call.code(), MeterInstrument.SOURCE_PREFIX + call.contract().text() + ".js")
                    .buildLiteral());
            Value out = context.getBindings("js").getMember("__bourseRun").execute(input(call));
            if (meter.stopped() != null) {
                return classify(null, meter);
            }
            if (!out.isString()) {
                return new CallResult.Failed(Failure.SCRIPT_ERROR, "the call did not return its result", meter.used());
            }
            output = out.asString();
        } catch (PolyglotException e) {
            return classify(e, meter);
        }
        return parse(output, meter.used());
    }

    /** Math.random's seed: the first 16 bytes of SHA-256(block hash ‖ contract address), as four ints. */
    static int[] seed(ContractCall call) {
        ByteBuffer b = ByteBuffer.wrap(Hash.of(call.blockHash().unsafeBytes(), call.contract().unsafeBytes()).unsafeBytes());
        return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
    }

    private static String input(ContractCall call) {
        try {
            JsonNode ctx = JSON.readTree(call.contextJson());
            if (ctx == null || !ctx.isObject()) {
                throw new IllegalArgumentException("contextJson must be a JSON object");
            }
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) ctx.deepCopy();
            o.put("entry", call.entry());
            var storage = o.putObject("storage");
            call.storage().forEach(storage::put);
            for (String section : List.of("block", "contract", "market", "params")) {
                if (!o.has(section)) {
                    o.putObject(section);
                }
            }
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("contextJson is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Turns the guest's answer into a result, within the limits; anything else fails the call. */
    private static CallResult parse(String output, long used) {
        if (output.length() > MAX_OUTPUT_CHARS) {
            return limit("the call's result exceeds " + MAX_OUTPUT_CHARS + " characters", used);
        }
        JsonNode root;
        try {
            root = JSON.readTree(output);
        } catch (JsonProcessingException e) {
            return new CallResult.Failed(Failure.SCRIPT_ERROR, "the call's result is not JSON", used);
        }
        JsonNode actions = root.path("actions");
        JsonNode writes = root.path("writes");
        if (!actions.isArray() || !writes.isObject()) {
            return new CallResult.Failed(Failure.SCRIPT_ERROR, "the call's result has no actions and writes", used);
        }
        if (actions.size() > MAX_ACTIONS) {
            return limit(actions.size() + " actions, at most " + MAX_ACTIONS + " per call", used);
        }
        if (writes.size() > MAX_WRITES) {
            return limit(writes.size() + " storage writes, at most " + MAX_WRITES + " per call", used);
        }
        List<String> taken = new ArrayList<>();
        for (JsonNode a : actions) {
            taken.add(a.toString());
        }
        Map<String, String> written = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = writes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> w = it.next();
            if (w.getKey().isEmpty() || w.getKey().length() > MAX_KEY_CHARS) {
                return limit("a storage key must have 1 to " + MAX_KEY_CHARS + " characters", used);
            }
            String value = w.getValue().isNull() ? null : w.getValue().asText();
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                return limit("a storage value must have at most " + MAX_VALUE_CHARS + " characters", used);
            }
            written.put(w.getKey(), value);
        }
        return new CallResult.Completed(taken, new TreeMap<>(written), used);
    }

    private static CallResult limit(String detail, long used) {
        return new CallResult.Failed(Failure.LIMIT_EXCEEDED, detail, used);
    }

    /**
     * A fixed reason and a message that does not depend on the server (no host details). The
     * meter's reason comes first: a stopped call unwinds as an internal error.
     */
    private static CallResult classify(PolyglotException e, Meter meter) {
        long used = meter.used();
        Meter.Stop stop = meter.stopped();
        if (stop != null) {
            return switch (stop) {
                case BUDGET -> new CallResult.Failed(Failure.BUDGET_EXHAUSTED, "the statement budget is exhausted", used);
                case DEPTH -> new CallResult.Failed(Failure.DEPTH_EXCEEDED,
                        "more than " + Meter.MAX_DEPTH + " nested calls", used);
                case STACK -> new CallResult.Failed(Failure.STACK_OVERFLOW, "the host's stack overflowed", used);
                case FOREIGN_CODE -> new CallResult.Failed(Failure.SCRIPT_ERROR,
                        "the contract ran code that is not its own (modules and import() are not available)", used);
            };
        }
        if (e == null) {
            return new CallResult.Failed(Failure.INTERNAL, "the sandbox failed on this call", used);
        }
        if (e.isResourceExhausted()) {
            // a host resource ran out outside any probe (the parser's stack, memory): this server's limit
            return new CallResult.Failed(Failure.STACK_OVERFLOW, "the host ran out of a resource", used);
        }
        if (e.isSyntaxError()) {
            return new CallResult.Failed(Failure.SCRIPT_ERROR, "the code does not parse: " + shorten(e.getMessage()), used);
        }
        if (e.isGuestException() && !e.isHostException() && !e.isInternalError()) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("the contract defines no function onNewBlock(ctx)")) {
                return new CallResult.Failed(Failure.NO_ENTRY_POINT, "the contract defines no function onNewBlock(ctx)", used);
            }
            return new CallResult.Failed(Failure.SCRIPT_ERROR, "the contract threw: " + shorten(m), used);
        }
        return new CallResult.Failed(Failure.INTERNAL, "the sandbox failed on this call", used);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static Source prelude() {
        try (InputStream in = ContractSandbox.class.getResourceAsStream("prelude.js")) {
            if (in == null) {
                throw new IllegalStateException("prelude.js is missing from the contract-vm jar");
            }
            return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            MeterInstrument.SOURCE_PREFIX + "prelude.js")
                    .buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
