package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A context kept alive across calls answers exactly like a fresh one (K6: "a contract restarted,
 * moved to another server, or replayed from genesis gives the same results as one kept alive"),
 * and what one contract does to its world never reaches another contract.
 */
// covers: K6
class ContextReuseTest {
    static final ContractSandbox KEPT = new ContractSandbox();
    static final ContractSandbox FRESH = new ContractSandbox(0);
    static final Address A = Address.derived("test/reuse", new byte[] {1});
    static final Address B = Address.derived("test/reuse", new byte[] {2});

    @AfterAll
    static void close() {
        KEPT.close();
        FRESH.close();
    }

    static ContractCall call(Address contract, String code, int block) {
        return ContractCall.onNewBlock(code, contract, Hash.of(new byte[] {(byte) block}), 1_700_000_000_000L + block * 1000L,
                "{\"block\":{\"height\":" + block + "}}", Map.of(), 1_000_000);
    }

    /** Every way we know for a call to leave something for the next one; each observation lands in storage. */
    static final String STATEFUL = """
            var count = (typeof count === 'number' ? count : 0) + 1;       // top-level state: new every call
            globalThis.seen = (globalThis.seen || 0) + 1;                  // a global property
            implicit = (typeof implicit === 'number' ? implicit : 0) + 1;  // an implicit global
            let saved;                                                     // a closure over a previous ctx
            const topArguments = typeof arguments;                         // no arguments object to hang things on
            function note(ctx, k, f) { let v; try { v = String(f()); } catch (e) { v = 'throws ' + e.name; } ctx.storage.set(k, v); }
            function onNewBlock(ctx) {
              note(ctx, 'count', () => count);
              note(ctx, 'seen', () => globalThis.seen);
              note(ctx, 'implicit', () => typeof implicit);
              note(ctx, 'saved', () => typeof saved); saved = ctx;
              note(ctx, 'protoBefore', () => typeof Object.prototype.hits);
              note(ctx, 'proto', () => { Object.prototype.hits = 1; return Object.prototype.hits; });
              note(ctx, 'push', () => { Array.prototype.push = () => 0; const a = []; a.push(1); return a.length; });
              note(ctx, 'defineOnMath', () => { Object.defineProperty(Math, 'kept', { value: 1 }); return Math.kept; });
              note(ctx, 'weakMap', () => { const wm = new WeakMap(); wm.set(Array.prototype, 1); Reflect.set(Array, 'wm', wm); return typeof Array.wm; });
              note(ctx, 'random', () => Math.random() + ' ' + Math.random());
              note(ctx, 'mathRandom', () => { Math.random = () => 4; return Math.random(); });
              note(ctx, 'dateNow', () => { Date.now = () => 5; return Date.now(); });
              note(ctx, 'regexpBefore', () => typeof RegExp.$1 + typeof RegExp.lastMatch + typeof RegExp.input);
              note(ctx, 'regexp', () => { /(x+)/.exec('axxb'); RegExp.input = 'kept'; return typeof RegExp.$1; });
              note(ctx, 'hiddenIntrinsic', () => { const G = Object.getPrototypeOf(function* () {}); G.kept = 1; return G.kept; });
              note(ctx, 'promiseProto', () => { const P = (async () => {})().constructor; P.prototype.kept = 1; return P.prototype.kept; });
              note(ctx, 'iteratorProto', () => { const I = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())); I.kept = 1; return I.kept; });
              note(ctx, 'errorLimit', () => { Error.stackTraceLimit = 0; return Error.stackTraceLimit; });
              note(ctx, 'symbolFor', () => Symbol.keyFor(Symbol.for('bourse')));
              note(ctx, 'thisTop', () => { this.kept = 1; return this.kept; });
              note(ctx, 'arguments', () => topArguments);
              note(ctx, 'strict', () => { 'use strict'; Object.prototype.hits = 1; });
              note(ctx, 'ownToString', () => { const o = {}; o.toString = () => 'mine'; return String(o); });
              note(ctx, 'errorName', () => { const e = new Error('m'); e.name = 'Mine'; return String(e); });
              (async () => { await null; globalThis.late = 1; })();
              note(ctx, 'late', () => typeof globalThis.late);
            }
            """;

    @Test
    void aKeptContextAnswersEveryCallExactlyLikeAFreshOne() {
        List<CallResult> kept = new ArrayList<>();
        List<CallResult> fresh = new ArrayList<>();
        for (int block = 1; block <= 4; block++) {
            kept.add(KEPT.call(call(A, STATEFUL, block)));
            fresh.add(FRESH.call(call(A, STATEFUL, block)));
        }
        kept.add(KEPT.call(call(A, STATEFUL, 1)));
        assertThat(kept.subList(0, 4)).isEqualTo(fresh);
        assertThat(kept.get(4)).as("block 1 again, after three more calls").isEqualTo(kept.get(0));
        Map<String, String> w = ((Completed) kept.get(3)).storageWrites();
        // sloppy code's assignments to the frozen world are ignored, strict code's throw
        assertThat(w).containsEntry("count", "1").containsEntry("seen", "undefined").containsEntry("implicit", "undefined")
                .containsEntry("saved", "undefined").containsEntry("protoBefore", "undefined").containsEntry("proto", "undefined")
                .containsEntry("strict", "throws TypeError").containsEntry("push", "1")
                .containsEntry("defineOnMath", "throws TypeError").containsEntry("weakMap", "undefined")
                .containsEntry("dateNow", "1700000004000").containsEntry("regexpBefore", "undefinedundefinedundefined")
                .containsEntry("regexp", "undefined").containsEntry("hiddenIntrinsic", "undefined")
                .containsEntry("promiseProto", "undefined").containsEntry("iteratorProto", "undefined")
                .containsEntry("errorLimit", "undefined").containsEntry("thisTop", "undefined")
                .containsEntry("arguments", "undefined").containsEntry("ownToString", "mine")
                .containsEntry("errorName", "Mine: m").containsEntry("late", "undefined");
        assertThat(w.get("mathRandom")).as("Math.random stays the seeded one").isNotEqualTo("4");
        assertThat(KEPT.loadedContracts()).isPositive();
    }

    @Test
    void oneContractsTamperingNeverReachesAnother() {
        String tamper = STATEFUL.replace("function onNewBlock(ctx) {", "function onNewBlock(ctx) { try { Object.freeze = null; } catch (e) {}");
        String observer = """
                function onNewBlock(ctx) {
                  const a = []; a.push(1, 2);
                  ctx.storage.set('o', [a.length, typeof Object.prototype.hits, typeof globalThis.seen, String(Math.random()),
                      Date.now(), typeof RegExp.$1, JSON.stringify({ a: 1 }), String(new Error('x'))].join('|'));
                }
                """;
        List<CallResult> interleaved = new ArrayList<>();
        List<CallResult> alone = new ArrayList<>();
        for (int block = 1; block <= 3; block++) {
            KEPT.call(call(A, tamper, block));
            interleaved.add(KEPT.call(call(B, observer, block)));
            alone.add(FRESH.call(call(B, observer, block)));
        }
        assertThat(interleaved).isEqualTo(alone);
        assertThat(((Completed) interleaved.get(0)).storageWrites().get("o")).startsWith("2|undefined|undefined|");
    }

    @Test
    void everythingTheContractCanReachIsFrozenSaveWhatTheCallMadeItself() {
        Completed r = (Completed) KEPT.call(call(A, """
                function onNewBlock(ctx) {
                  // globalThis, and the prototypes of things no global names (from objects this call makes)
                  // (a generator object's prototype is its function's own .prototype: one step further)
                  const proto = Object.getPrototypeOf;
                  const seen = new Set(), todo = [globalThis, function* () {}, async function () {}, async function* () {},
                      proto((function* () {})()), proto((async function* () {})()), [][Symbol.iterator](), new Map().entries(),
                      new Set().values(), ''[Symbol.iterator](), /a/[Symbol.matchAll](''), (async () => {})(), onNewBlock].map(proto);
                  todo.push(globalThis);
                  const open = [];
                  while (todo.length > 0) {
                    const o = todo.pop();
                    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
                    seen.add(o);
                    if (!Object.isFrozen(o)) open.push(typeof o === 'function' ? o.name : Object.prototype.toString.call(o));
                    for (const k of Reflect.ownKeys(o)) {
                      const d = Reflect.getOwnPropertyDescriptor(o, k);
                      if ('value' in d) todo.push(d.value); else todo.push(d.get, d.set);
                    }
                    todo.push(Object.getPrototypeOf(o));
                  }
                  ctx.storage.set('reached', String(seen.size));
                  ctx.storage.set('open', open.sort().join(','));
                }
                """, 1));
        assertThat(Integer.parseInt(r.storageWrites().get("reached"))).isGreaterThan(500);
        assertThat(r.storageWrites().get("open")).as("objects reachable and not frozen").isEmpty();
    }

    @Test
    void keptContextsAreBoundedAndAStoppedCallsContextIsNotReused() {
        try (ContractSandbox small = new ContractSandbox(2)) {
            String code = "function onNewBlock(ctx) { ctx.storage.set('k', 'v'); }";
            for (int i = 0; i < 5; i++) {
                assertThat(small.call(call(Address.derived("test/lru", new byte[] {(byte) i}), code, 1))).isInstanceOf(Completed.class);
            }
            assertThat(small.loadedContracts()).isEqualTo(2);
            String spin = "function onNewBlock(ctx) { if (ctx.block.height === 2) for (;;) {} ctx.storage.set('k', 'v'); }";
            assertThat(small.call(call(A, spin, 1))).isInstanceOf(Completed.class);
            assertThat(small.loadedContracts()).isEqualTo(2);
            Failed stopped = (Failed) small.call(call(A, spin, 2));
            assertThat(stopped.reason()).isEqualTo(Failure.BUDGET_EXHAUSTED);
            assertThat(small.loadedContracts()).as("the stopped call's context was closed").isEqualTo(1);
            assertThat(small.call(call(A, spin, 3))).as("and the contract loads again").isEqualTo(FRESH.call(call(A, spin, 3)));
        }
    }

    @Test
    void theExampleContractsGiveTheSameResultsKeptAndFresh() {
        for (String example : ExampleContractsTest.EXAMPLES) {
            var base = ExampleContractsTest.fixture("ctx-invested.json");
            Address address = Address.parse(base.path("contract").path("address").asText());
            Map<String, String> keptStorage = new TreeMap<>();
            Map<String, String> freshStorage = new TreeMap<>();
            for (int b = 1; b <= 4; b++) {
                var ctx = ExampleContractsTest.atBlock(base, b);
                CallResult k = KEPT.call(ContractCall.onNewBlock(ExampleContractsTest.code(example), address,
                        Hash.of(new byte[] {(byte) b}), ctx.path("block").path("timestamp").asLong(), ctx.toString(), keptStorage,
                        2_000_000));
                CallResult f = FRESH.call(ContractCall.onNewBlock(ExampleContractsTest.code(example), address,
                        Hash.of(new byte[] {(byte) b}), ctx.path("block").path("timestamp").asLong(), ctx.toString(), freshStorage,
                        2_000_000));
                assertThat(k).as(example + " at block " + b).isEqualTo(f).isInstanceOf(Completed.class);
                ExampleContractsTest.apply(keptStorage, (Completed) k);
                ExampleContractsTest.apply(freshStorage, (Completed) f);
            }
        }
    }
}
