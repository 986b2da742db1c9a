package io.bourse.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.HexFormat;
import java.util.regex.Pattern;
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
 * One contract's code loaded in a context of its own, ready to be called again and again (K6).
 *
 * <p>Loading evaluates the prelude (which removes what is not allowed and freezes every
 * intrinsic), checks that the code parses as a script, and compiles it as the body of an arrow
 * function — {@code (() => { code; return [onNewBlock, onCreate, onClosing] })} — that each call
 * runs anew. So a call sees fresh top-level variables and a frozen world: nothing it does can
 * reach the next call, and a kept context answers exactly like a new one (ContextReuseTest).
 * Because the code parses as a script on its own, it cannot close the wrapper's brace and run
 * anything outside it.
 *
 * <p>A call the meter stopped (budget, depth, stack, foreign code) unwound through the engine in
 * a way no JavaScript code can: its context is not reused ({@link #reusable()}).
 */
final class LoadedContract implements AutoCloseable {
    static final int MAX_CODE_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRELUDE_TEXT = resource("prelude.js");
    private static final Source PRELUDE = Source.newBuilder("js", PRELUDE_TEXT, MeterInstrument.SOURCE_PREFIX + "prelude.js")
            .buildLiteral();
    /** Modules and import() would load code from strings (data: URLs) and keep module state across calls. */
    private static final Pattern IMPORT = Pattern.compile("\\bimport\\b");

    private final Context context;
    private final Value run;
    private final Value finish;
    private final CallResult.Failed loadFailure;
    private boolean reusable = true;

    private LoadedContract(Context context, Value run, Value finish, CallResult.Failed loadFailure) {
        this.context = context;
        this.run = run;
        this.finish = finish;
        this.loadFailure = loadFailure;
    }

    /** Loads {@code code} (whose SHA-256 is {@code codeHash}); a contract that cannot load answers every call with why. */
    static LoadedContract load(Engine engine, Meter meter, Hash codeHash, String code) {
        if (code.length() > MAX_CODE_CHARS) {
            return failed(Failure.LIMIT_EXCEEDED, "the code exceeds " + MAX_CODE_CHARS + " characters");
        }
        if (IMPORT.matcher(code).find()) {
            return failed(Failure.SCRIPT_ERROR, "the code uses the word import: modules and import() are not available");
        }
        Context context = newContext(engine);
        try {
            meter.idle();
            Value prelude = context.eval(PRELUDE);
            // named by the code, not the contract: contracts running the same code share its parsed
            // and compiled form in the engine (each still runs in its own context)
            String name = MeterInstrument.SOURCE_PREFIX + codeHash.hex().substring(0, 16) + ".js";
            context.parse(Source.newBuilder("js", code, name).buildLiteral());
            Value body = context.eval(Source.newBuilder("js", "(() => {" + code
                    + "\n;return [typeof onNewBlock === 'function' ? onNewBlock : undefined,"
                    + " typeof onCreate === 'function' ? onCreate : undefined,"
                    + " typeof onClosing === 'function' ? onClosing : undefined];\n})", name).buildLiteral());
            prelude.getMember("load").execute(body);
            if (meter.stopped() == null) {
                return new LoadedContract(context, prelude.getMember("run"), prelude.getMember("finish"), null);
            }
            context.close();
            return unloadable(CallOutput.classify(null, meter));
        } catch (PolyglotException e) {
            context.close();
            if (e.isSyntaxError()) {
                return failed(Failure.SCRIPT_ERROR, "the code does not parse: " + CallOutput.shorten(e.getMessage()));
            }
            if (meter.stopped() != null || e.isResourceExhausted()) {
                return unloadable(CallOutput.classify(e, meter)); // the parser's stack: this server's limit
            }
            return unloadable(new CallResult.Failed(Failure.INTERNAL, "the sandbox could not load the contract", 0));
        } finally {
            meter.idle();
        }
    }

    /** A load that failed on a host limit or a sandbox fault, not on the code: not kept, tried again next call. */
    private static LoadedContract unloadable(CallResult.Failed why) {
        // no statement of the call ran: the prelude's, counted while loading, are not the call's
        LoadedContract broken = new LoadedContract(null, null, null, new CallResult.Failed(why.reason(), why.detail(), 0));
        broken.reusable = false;
        return broken;
    }

    private static LoadedContract failed(Failure reason, String detail) {
        return new LoadedContract(null, null, null, new CallResult.Failed(reason, detail, 0));
    }

    private static Context newContext(Engine engine) {
        return Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .allowIO(IOAccess.NONE).allowHostAccess(HostAccess.CONSTRAINED).allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false).allowNativeAccess(false).allowHostClassLookup(name -> false)
                .timeZone(ZoneOffset.UTC)
                .option("js.locale", "en-US") // toLocaleString & co. must not follow the server's locale
                .option("js.print", "false").option("js.console", "false").option("js.load", "false")
                .option("js.graal-builtin", "false")
                .option("js.allow-eval", "false") // no code from strings: eval, Function(), new-ing a function's constructor
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .build();
    }

    /**
     * Runs one call on {@code view}, the call's block (its market served through {@code access});
     * the meter counts it from the first statement of {@code run} to the last of {@code finish}.
     */
    CallResult call(ContractCall call, MarketView view, MarketView.Access access, Meter meter) {
        if (loadFailure != null) {
            return loadFailure;
        }
        int[] seed = seed(call);
        String input = input(call, view);
        access.use(view);
        meter.begin(call.statementBudget());
        try {
            // a long: JS numbers hold every millisecond timestamp below 2^53 exactly
            run.executeVoid(seed[0], seed[1], seed[2], seed[3], call.blockMillis(), input, access);
            // promise jobs have run when execute returns: inside the call, under its budget
            String output = finish.execute().asString();
            if (meter.stopped() != null) {
                reusable = false;
                return CallOutput.classify(null, meter);
            }
            return CallOutput.parse(output, meter.used());
        } catch (PolyglotException e) {
            reusable = false;
            return CallOutput.classify(e, meter);
        } finally {
            meter.idle();
            access.use(null);
        }
    }

    /** False after a call the meter stopped, or a load that hit a host limit: close and load again. */
    boolean reusable() {
        return reusable;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    /** Math.random's seed: the first 16 bytes of SHA-256(block hash ‖ contract address), as four ints. */
    static int[] seed(ContractCall call) {
        ByteBuffer b = ByteBuffer.wrap(Hash.of(call.blockHash().unsafeBytes(), call.contract().unsafeBytes()).unsafeBytes());
        return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
    }

    /** The call's own data as the JSON the prelude parses: the entry point, ctx's small sections, the storage. */
    private static String input(ContractCall call, MarketView view) {
        try {
            String storage = JSON.writeValueAsString(call.storage());
            return new StringBuilder(64 + view.blockJson().length() + view.paramsJson().length()
                    + call.contractJson().length() + storage.length())
                    .append("{\"entry\":\"").append(call.entry()).append("\",\"block\":").append(view.blockJson())
                    .append(",\"params\":").append(view.paramsJson()).append(",\"contract\":").append(call.contractJson())
                    .append(",\"storage\":").append(storage).append('}').toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("storage cannot be written as JSON", e); // strings only: cannot happen
        }
    }

    /**
     * What every result depends on besides the call: the GraalJS release and the prelude (whose
     * statements are counted in budgetUsed). Servers report it; results from different ones are
     * not expected to agree.
     */
    static String engineVersion() {
        byte[] prelude = Hash.of(PRELUDE_TEXT.getBytes(StandardCharsets.UTF_8)).unsafeBytes();
        return "graaljs-" + Versions.implementation("js-language") + "+prelude-" + HexFormat.of().formatHex(prelude, 0, 6);
    }

    private static String resource(String name) {
        try (InputStream in = LoadedContract.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the contract-vm jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
