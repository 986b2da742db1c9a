package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile contracts (K6, "Escape tests"), run the way an execution server runs them: through a
 * {@link WorkerPool}, whose heap limit and watchdog end what the statement budget cannot. Each
 * escape fails only its own call — with a deterministic reason, or one that makes the server
 * abstain where the outcome depends on the server (its heap, its clock, its stack) — and the
 * normal call after it, on the same pool, completes exactly as in-process.
 */
// covers: K6
class SandboxEscapeIT {
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final long BLOCK_TIME = 1_700_000_000_000L;
    static final Hash BLOCK = Hash.of(new byte[] {5});
    static final ContractSandbox REFERENCE = new ContractSandbox();
    static WorkerPool pool;

    static final String NORMAL = "function onNewBlock(ctx) { ctx.storage.set('n', String(Math.random())); ctx.cancelOrder({ id: 'x' }); }";

    @BeforeAll
    static void start() {
        // the memory cases are sized to exhaust this heap, whatever the pool's default
        pool = new WorkerPool(WorkerPool.Options.defaults().withWorkers(2).withHeap("256m").withCallTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        pool.close();
        REFERENCE.close();
    }

    static ContractCall call(Address contract, String code) {
        return ContractCall.onNewBlock(code, contract, BLOCK, BLOCK_TIME, "{\"block\":{\"height\":3}}", Map.of(), 1_000_000);
    }

    static Address address(int i) {
        return Address.derived("test/escape", new byte[] {(byte) i});
    }

    static String body(String statements) {
        return "function onNewBlock(ctx) { " + statements + " }";
    }

    static Consumer<CallResult> fails(Failure reason, String detailContains) {
        return r -> {
            assertThat(r).isInstanceOf(Failed.class);
            assertThat(((Failed) r).reason()).isEqualTo(reason);
            assertThat(((Failed) r).detail()).contains(detailContains);
        };
    }

    /** Ends in a way that depends on the server (its heap, its clock, its stack): the server abstains. */
    static Consumer<CallResult> abstains() {
        return r -> assertThat(r).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.abstains()).as(f.toString()).isTrue());
    }

    static Consumer<CallResult> writes(String key, String value) {
        return r -> assertThat(r).isInstanceOfSatisfying(Completed.class, c -> assertThat(c.storageWrites()).containsEntry(key, value));
    }

    static Arguments escape(String name, String code, Consumer<CallResult> expected) {
        return Arguments.of(name, code, expected);
    }

    static Stream<Arguments> escapes() {
        String notDefined = "is not defined";
        return Stream.of(
                escape("Java.type", body("Java.type('java.lang.System').exit(1);"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("Packages", body("Packages.java.lang.Runtime.getRuntime();"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("java package global", body("java.io.File;"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("Polyglot.eval", body("Polyglot.eval('js', '1');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("Polyglot.evalFile", body("Polyglot.evalFile('js', '/etc/passwd');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("load", body("load('/etc/passwd');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("loadWithNewGlobal", body("loadWithNewGlobal({ script: 'Math.random()', name: 'x' });"),
                        fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("require", body("require('fs').readFileSync('/etc/passwd');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("dynamic import of a data: module", body("import('data:text/javascript;base64,ZXhwb3J0IGxldCBuID0gMQ==');"),
                        fails(Failure.SCRIPT_ERROR, "import")),
                escape("dynamic import of a file", body("import('/etc/passwd').then(m => ctx.storage.set('m', String(m)));"),
                        fails(Failure.SCRIPT_ERROR, "import")),
                escape("import spelled with an escape", body("im\\u0070ort('/etc/passwd');"), fails(Failure.SCRIPT_ERROR, "")),
                escape("process", body("process.exit(1);"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("quit", body("quit();"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("exit", body("exit(1);"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("print", body("print('out');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("console", body("console.log('out');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("Graal", body("Graal.versionJS;"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("SharedArrayBuffer", body("new SharedArrayBuffer(8);"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("Atomics", body("Atomics.wait(new Int32Array(4), 0, 0, 1000);"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("WeakRef", body("new WeakRef({});"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("FinalizationRegistry", body("new FinalizationRegistry(() => {});"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("eval", body("eval('1');"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("a function's constructor", body("ctx.constructor.constructor('return this')();"), fails(Failure.SCRIPT_ERROR, "EvalError")),
                escape("the async function constructor", body("(async () => {}).constructor('return 1');"), fails(Failure.SCRIPT_ERROR, "EvalError")),
                escape("the real clock through Date()", body("ctx.storage.set('t', Date() + '|' + new (new Date().constructor)().getTime()"
                        + " + '|' + Reflect.construct(Date, []).getTime());"), writes("t", "Tue Nov 14 2023 22:13:20 GMT+0000 (GMT)|"
                        + BLOCK_TIME + "|" + BLOCK_TIME)),
                escape("the real clock through Intl", body("Intl.DateTimeFormat().format();"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("the server's locale", body("ctx.storage.set('l', (1234.5).toLocaleString() + ' ' + 'i'.toLocaleUpperCase()"
                        + " + ' ' + new Date().toLocaleString());"), writes("l", "1,234.5 I 11/14/2023, 10:13:20\u202FPM")),
                escape("an endless loop", body("for (;;) {}"), fails(Failure.BUDGET_EXHAUSTED, "budget")),
                escape("an endless loop that catches", body("for (;;) { try { for (;;) {} } catch (e) {} finally { continue; } }"),
                        fails(Failure.BUDGET_EXHAUSTED, "budget")),
                escape("endless promise jobs", body("(async () => { for (;;) await null; })();"), fails(Failure.BUDGET_EXHAUSTED, "budget")),
                escape("catch-and-retry recursion", "function a() { try { b(); } catch (e) { a(); } }"
                        + " function b() { try { a(); } catch (e) { b(); } } " + body("a();"), fails(Failure.DEPTH_EXCEEDED, "nested")),
                escape("deep recursion", "function f(n) { return f(n + 1) + 1; } " + body("f(0);"), fails(Failure.DEPTH_EXCEEDED, "nested")),
                escape("a host stack overflow, caught", body("try { let f = () => 1; for (let i = 0; i < 100000; i++) f = f.bind(null); f(); }"
                        + " catch (e) { ctx.storage.set('caught', 'yes'); }"), fails(Failure.STACK_OVERFLOW, "stack")),
                escape("deeply nested JSON", body("JSON.parse('['.repeat(200000));"), abstains()),
                escape("a huge array", body("new Array(1e9).fill(0);"), abstains()),
                escape("an array too long", body("new Array(2 ** 32);"), fails(Failure.SCRIPT_ERROR, "RangeError")),
                escape("a huge string", body("'x'.repeat(2 ** 29).length;"), abstains()),
                escape("a string too long", body("let s = 'x'; for (;;) s += s;"), fails(Failure.SCRIPT_ERROR, "Invalid string length")),
                escape("a BigInt too large", body("2n ** (2n ** 40n);"), fails(Failure.SCRIPT_ERROR, "Maximum BigInt size")),
                escape("a BigInt that takes forever", body("7n ** 30000000n;"), fails(Failure.TIMED_OUT, "watchdog")),
                escape("eval of a parser bomb", body("eval('['.repeat(100000));"), fails(Failure.SCRIPT_ERROR, notDefined)),
                escape("new Function with a huge body", body("new Function('return ' + '('.repeat(100000) + '1' + ')'.repeat(100000));"),
                        fails(Failure.SCRIPT_ERROR, "EvalError")),
                escape("source that nests deeper than the parser's stack", body("return " + "(".repeat(100000) + "1"
                        + ")".repeat(100000) + ";"), abstains()),
                escape("source larger than 1 MiB", body("/*" + "x".repeat(1 << 20) + "*/"), fails(Failure.LIMIT_EXCEEDED, "characters")),
                escape("a catastrophic regex (backtracking)", body("/^(a+)+\\1$/.test('a'.repeat(40) + 'b');"), fails(Failure.TIMED_OUT, "")),
                escape("a classic catastrophic regex (automaton)", body("ctx.storage.set('m', String(/(a+)+$/.test('a'.repeat(5000) + 'b')));"),
                        writes("m", "false")),
                escape("a giant sort without a comparator", body("[...new Uint32Array(2e7).keys()].reverse().sort();"), abstains()),
                escape("a sort whose comparator spins", body("[3, 2, 1].sort(() => { for (;;) {} });"), fails(Failure.BUDGET_EXHAUSTED, "")),
                escape("JSON.stringify of a huge structure", body("JSON.stringify(new Array(1e7).fill('xxxxxxxxxx'));"), abstains()),
                escape("a heap bomb", body("const keep = []; for (;;) keep.push(new Array(1 << 20).fill(1.5));"), abstains()),
                escape("getters in action arguments", body("ctx.placeOrder({ get price() { return '1'; } });"), fails(Failure.SCRIPT_ERROR, "getters")),
                escape("the market's look-ups hold no host object", body("const seen = []; for (const k of Reflect.ownKeys(ctx.market))"
                        + " seen.push(String(k) + ':' + typeof ctx.market[k]); ctx.storage.set('k', seen.join());"),
                        writes("k", "contracts:object,count:number,get:function,list:function")),
                escape("an object where the market wants a string", body("ctx.market.list({ sort: { toString() { return 'address'; } } });"),
                        fails(Failure.SCRIPT_ERROR, "ctx.market.list options are")),
                escape("market look-ups in an endless loop", body("for (let i = 0; ; i++) ctx.market.get('bx' + i);"),
                        fails(Failure.BUDGET_EXHAUSTED, "budget")),
                escape("too many actions", body("for (let i = 0; i < 1000; i++) ctx.cancelOrder({ id: String(i) });"),
                        fails(Failure.LIMIT_EXCEEDED, "actions")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void anEscapeFailsOnlyItsOwnCallAndTheNextCallRuns(String name, String code, Consumer<CallResult> expected) {
        Address normal = address(2);
        List<CallResult> results = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(List.of(call(address(1), code), call(normal, NORMAL))));
        expected.accept(results.get(0));
        assertThat(results.get(1)).as("the normal call in the same batch").isEqualTo(REFERENCE.call(call(normal, NORMAL)));
        List<CallResult> next = assertTimeoutPreemptively(DEADLINE, () -> pool.runAll(List.of(call(normal, NORMAL))));
        assertThat(next.get(0)).as("the next call").isEqualTo(REFERENCE.call(call(normal, NORMAL)));
        if (results.get(0) instanceof Failed f && !f.abstains()) {
            assertThat(f).as("a deterministic failure is the same in-process").isEqualTo(REFERENCE.call(call(address(1), code)));
        }
    }

    @Test
    void prototypeTamperingNeverReachesAnotherContractOnTheSameWorker() {
        Address tamperer = address(10);
        Address victim = Stream.iterate(11, i -> i + 1).map(SandboxEscapeIT::address)
                .filter(a -> slot(a) == slot(tamperer)).findFirst().orElseThrow();
        String tamper = body("Array.prototype.push = function () { return 0; }; Object.prototype.evil = 1;"
                + " Object.defineProperty(Object.prototype, 'price', { get() { return '0'; } }); JSON.stringify = () => '{}';"
                + " Math.random = () => 0; ctx.storage.set('t', '1');");
        String observe = body("const a = []; a.push(1); ctx.storage.set('o', a.length + typeof ({}).evil + ({}).price"
                + " + JSON.stringify({ a: 1 }) + (Math.random() !== 0));");
        List<CallResult> results = assertTimeoutPreemptively(DEADLINE,
                () -> pool.runAll(List.of(call(tamperer, tamper), call(victim, observe), call(tamperer, tamper), call(victim, observe))));
        assertThat(results.get(1)).isEqualTo(results.get(3)).isEqualTo(REFERENCE.call(call(victim, observe)));
        assertThat(((Completed) results.get(1)).storageWrites()).containsEntry("o", "1undefinedundefined{\"a\":1}true");
    }

    /** The worker a contract goes to in a two-worker pool (WorkerPool's affinity rule). */
    static int slot(Address a) {
        return Math.floorMod(Arrays.hashCode(a.unsafeBytes()), 2);
    }
}
