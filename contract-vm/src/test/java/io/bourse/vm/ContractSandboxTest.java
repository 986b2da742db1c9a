package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The sandbox's first rules (K6): deterministic, metered, isolated, and a failed call takes nothing with it. */
// covers: K6
class ContractSandboxTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    static final Address A = Address.derived("test/contract", new byte[] {1});
    static final Address B = Address.derived("test/contract", new byte[] {2});
    static final Hash BLOCK = Hash.of(new byte[] {42});
    static final long TIME = 1_700_000_000_000L;
    static final String CTX = "{\"block\":{\"height\":7},\"market\":{\"contracts\":[{\"address\":\"x\",\"mark\":\"1.25\"}]}}";

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    static CallResult run(Address contract, String code, Map<String, String> storage) {
        return SANDBOX.call(ContractCall.onNewBlock(code, contract, BLOCK, TIME, CTX, storage, 1_000_000));
    }

    static CallResult run(String code) {
        return run(A, code, Map.of());
    }

    static Completed completed(CallResult r) {
        assertThat(r).isInstanceOf(Completed.class);
        return (Completed) r;
    }

    static Failure failure(CallResult r) {
        assertThat(r).as("expected a failed call").isInstanceOf(Failed.class);
        return ((Failed) r).reason();
    }

    @Test
    void aContractReadsItsContextAndStorageAndReturnsActionsAndWrites() {
        Completed r = completed(run(A, """
                function onNewBlock(ctx) {
                  const n = Number(ctx.storage.get('n') || '0') + 1;
                  ctx.storage.set('n', String(n));
                  ctx.storage.delete('old');
                  ctx.placeOrder({ market: 'x-coin', side: 'buy', price: ctx.market.get('x').mark, quantity: 10n, height: ctx.block.height });
                }
                """, Map.of("n", "4", "old", "gone")));
        assertThat(r.actions()).containsExactly(
                "{\"type\":\"placeOrder\",\"args\":{\"market\":\"x-coin\",\"side\":\"buy\",\"price\":\"1.25\",\"quantity\":\"10\",\"height\":7}}");
        assertThat(r.storageWrites()).containsOnlyKeys("n", "old").containsEntry("n", "5");
        assertThat(r.storageWrites().get("old")).as("a deletion").isNull();
    }

    @Test
    void theSameCallGivesTheSameBytesAndRandomnessIsSeededByBlockAndContract() {
        String code = "function onNewBlock(ctx) { ctx.storage.set('r', String(Math.random()) + ',' + Math.random()); }";
        String first = completed(run(A, code, Map.of())).storageWrites().get("r");
        assertThat(completed(run(A, code, Map.of())).storageWrites().get("r")).isEqualTo(first);
        assertThat(completed(run(B, code, Map.of())).storageWrites().get("r")).isNotEqualTo(first);
    }

    @Test
    void timeIsTheBlocksTimeInUtc() {
        Completed r = completed(run("function onNewBlock(ctx) { ctx.storage.set('t', Date.now() + ' ' + new Date().getTime()"
                + " + ' ' + new Date().toISOString() + ' ' + new Date().getTimezoneOffset() + ' ' + (typeof Date())); }"));
        assertThat(r.storageWrites().get("t")).isEqualTo(TIME + " " + TIME + " 2023-11-14T22:13:20.000Z 0 string");
    }

    @Test
    void noHostAccessIsReachable() {
        for (String global : new String[] {"Java", "Packages", "java", "javax", "Polyglot", "Graal", "load", "loadWithNewGlobal",
                "print", "printErr", "console", "require", "process", "quit", "exit", "eval", "SharedArrayBuffer", "Atomics",
                "WeakRef", "FinalizationRegistry", "Intl", "setTimeout", "performance", "__bourseInstall", "__bourseRun"}) {
            Completed r = completed(run("function onNewBlock(ctx) { ctx.storage.set('t', typeof globalThis['" + global
                    + "']); }"));
            assertThat(r.storageWrites().get("t")).as(global).isEqualTo("undefined");
        }
        assertThat(failure(run("function onNewBlock(ctx) { Java.type('java.lang.System').exit(1); }")))
                .isEqualTo(Failure.SCRIPT_ERROR);
        assertThat(failure(run("function onNewBlock(ctx) { Packages.java.io.File; }"))).isEqualTo(Failure.SCRIPT_ERROR);
        Failed imported = (Failed) run("""
                function onNewBlock(ctx) {
                  import('data:text/javascript,export default 1').then(() => ctx.placeOrder({ leaked: true }));
                  ctx.storage.set('done', 'yes');
                }
                """);
        assertThat(imported.reason()).as("no modules, no dynamic import").isEqualTo(Failure.SCRIPT_ERROR);
        assertThat(imported.detail()).contains("import");
        Failed generated = (Failed) run("function onNewBlock(ctx) { ctx.storage.set('f', typeof Function('return this')()); }");
        assertThat(generated.reason()).as("no code from strings").isEqualTo(Failure.SCRIPT_ERROR);
        assertThat(generated.detail()).contains("EvalError");
    }

    @Test
    void anEndlessLoopExhaustsTheBudgetAndTheNextCallRunsNormally() {
        assertThat(failure(run("function onNewBlock(ctx) { while (true) {} }"))).isEqualTo(Failure.BUDGET_EXHAUSTED);
        assertThat(failure(run("while (true) {}"))).as("at load time too").isEqualTo(Failure.BUDGET_EXHAUSTED);
        assertThat(completed(run("function onNewBlock(ctx) { ctx.storage.set('ok', '1'); }")).storageWrites())
                .containsEntry("ok", "1");
    }

    @Test
    void deepRecursionAndHugeWorkFailOnlyThatCall() {
        assertThat(failure(run("function f(n) { return f(n + 1) + 1; } function onNewBlock(ctx) { f(0); }")))
                .isEqualTo(Failure.DEPTH_EXCEEDED);
        assertThat(failure(run("function onNewBlock(ctx) { let s = 'x'; for (;;) { s = s + s; } }")))
                .isIn(Failure.BUDGET_EXHAUSTED, Failure.SCRIPT_ERROR);
        // a sort with a comparator is metered statement by statement (a builtin without a callback is
        // not: that needs the worker watchdog, docs/contracts.md)
        assertThat(failure(run("function onNewBlock(ctx) { new Array(1e6).fill(0).sort((a, b) => a - b); }")))
                .isEqualTo(Failure.BUDGET_EXHAUSTED);
        // GraalJS matches this classic catastrophic pattern without backtracking: it answers at once
        assertThat(completed(run("function onNewBlock(ctx) { ctx.storage.set('m', String(/(a+)+$/.test('a'.repeat(40) + 'b'))); }"))
                .storageWrites()).containsEntry("m", "false");
        assertThat(completed(run("function onNewBlock(ctx) {}")).actions()).isEmpty();
    }

    @Test
    void aFailedCallLeavesNoActionAndNoWrite() {
        Failed f = (Failed) run("function onNewBlock(ctx) { ctx.placeOrder({ a: 1 }); ctx.storage.set('k', 'v'); throw new Error('no'); }");
        assertThat(f.reason()).isEqualTo(Failure.SCRIPT_ERROR);
        assertThat(f.detail()).contains("Error: no");
        assertThat(failure(run("function other() {}"))).isEqualTo(Failure.NO_ENTRY_POINT);
        assertThat(failure(run("function onNewBlock(ctx) {"))).isEqualTo(Failure.SCRIPT_ERROR);
    }

    @Test
    void tamperingWithPrototypesReachesNoOtherCall() {
        completed(run("Array.prototype.push = function () { return 0; }; Object.prototype.evil = 1;"
                + " function onNewBlock(ctx) { ctx.storage.set('x', '1'); }"));
        Completed clean = completed(run(B, "function onNewBlock(ctx) { const a = []; a.push(1);"
                + " ctx.storage.set('n', String(a.length) + typeof ({}).evil); }", Map.of()));
        assertThat(clean.storageWrites().get("n")).isEqualTo("1undefined");
    }

    @Test
    void theContextsDataIsReadOnlyAllTheWayDown() {
        Completed r = completed(run("'use strict'; function onNewBlock(ctx) { let n = 0;"
                + " try { ctx.block.height = 1; } catch (e) { n++; }"
                + " try { ctx.market.mark = '9'; } catch (e) { n++; }"
                + " try { ctx.storage.get = null; } catch (e) { n++; }"
                + " ctx.storage.set('n', String(n)); }"));
        assertThat(r.storageWrites()).containsEntry("n", "3");
    }

    @Test
    void limitsPerCallAreEnforced() {
        assertThat(failure(run("function onNewBlock(ctx) { for (let i = 0; i < 65; i++) ctx.cancelOrder({ id: i }); }")))
                .isEqualTo(Failure.LIMIT_EXCEEDED);
        assertThat(failure(run("function onNewBlock(ctx) { for (let i = 0; i < 257; i++) ctx.storage.set('k' + i, 'v'); }")))
                .isEqualTo(Failure.LIMIT_EXCEEDED);
        assertThat(failure(run("function onNewBlock(ctx) { ctx.storage.set('k', 'x'.repeat(70000)); }")))
                .isEqualTo(Failure.LIMIT_EXCEEDED);
        assertThat(failure(run("function onNewBlock(ctx) { ctx.placeOrder({ f: function () {} }); }")))
                .isEqualTo(Failure.SCRIPT_ERROR);
    }
}
