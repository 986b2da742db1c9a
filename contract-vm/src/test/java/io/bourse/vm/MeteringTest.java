package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Metering (K6): the statements a call executed are counted the same way on every run, a budget
 * stops a call that catches everything, recursion depth is counted instead of left to the JVM's
 * stack, and a host stack overflow the count cannot see makes the server abstain.
 */
// covers: K6
class MeteringTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    static final Address A = Address.derived("test/metering", new byte[] {1});
    static final Hash BLOCK = Hash.of(new byte[] {9});
    static final long BUDGET = 1_000_000;

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    static CallResult run(String code, long budget) {
        return SANDBOX.call(ContractCall.onNewBlock(code, A, BLOCK, 1_700_000_000_000L, "{}", Map.of(), budget));
    }

    static CallResult run(String code) {
        return run(code, BUDGET);
    }

    static Failed failed(CallResult r) {
        assertThat(r).as("expected a failed call").isInstanceOf(Failed.class);
        return (Failed) r;
    }

    static long loop(int n) {
        CallResult r = run("function onNewBlock(ctx) { let s = 0; for (let i = 0; i < " + n + "; i++) { s += i; } }");
        assertThat(r).isInstanceOf(Completed.class);
        return r.budgetUsed();
    }

    @Test
    void budgetUsedCountsStatementsTheSameEveryTimeAndGrowsWithTheWork() {
        long l100 = loop(100);
        long l200 = loop(200);
        long l300 = loop(300);
        assertThat(l100).isPositive();
        assertThat(loop(100)).as("the same call, the same count").isEqualTo(l100);
        assertThat(l200 - l100).as("each iteration costs the same").isEqualTo(l300 - l200).isPositive();
    }

    @Test
    void budgetUsedIsTheSmallestBudgetThatLetsTheCallComplete() {
        String code = "function onNewBlock(ctx) { const a = []; for (let i = 0; i < 50; i++) a.push(i * i); ctx.storage.set('n', String(a.length)); }";
        long used = run(code).budgetUsed();
        assertThat(run(code, used)).isInstanceOf(Completed.class);
        Failed f = failed(run(code, used - 1));
        assertThat(f.reason()).isEqualTo(Failure.BUDGET_EXHAUSTED);
        assertThat(f.budgetUsed()).as("an exhausted budget reports the budget").isEqualTo(used - 1);
        assertThat(f.abstains()).isFalse();
    }

    @Test
    void noCatchOrFinallyOutlivesTheBudget() {
        Failed f = failed(run("""
                function onNewBlock(ctx) {
                  try { while (true) {} } catch (e) { ctx.storage.set('caught', '1'); } finally { ctx.storage.set('finally', '1'); }
                }
                """, 5_000));
        assertThat(f.reason()).isEqualTo(Failure.BUDGET_EXHAUSTED);
        assertThat(f.budgetUsed()).isEqualTo(5_000);
        Failed jobs = failed(run("function onNewBlock(ctx) { (async () => { await null; for (;;) {} })(); }", 5_000));
        assertThat(jobs.reason()).as("promise jobs run inside the call, under its budget").isEqualTo(Failure.BUDGET_EXHAUSTED);
    }

    @Test
    void recursionDepthIsCountedAndTheSameEveryTime() {
        String code = "function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } function onNewBlock(ctx) { ctx.storage.set('d', String(f(DEPTH))); }";
        assertThat(run(code.replace("DEPTH", "200"))).isInstanceOf(Completed.class);
        Failed deep = failed(run(code.replace("DEPTH", "300")));
        assertThat(deep.reason()).isEqualTo(Failure.DEPTH_EXCEEDED);
        assertThat(deep.abstains()).isFalse();
        assertThat(run(code.replace("DEPTH", "300"))).as("same depth, same count, same bytes").isEqualTo(deep);
        // the deepest recursion that completes is fixed by the count, not by the stack
        int deepest = 0;
        for (int n = 240; n < 260; n++) {
            if (run(code.replace("DEPTH", String.valueOf(n))) instanceof Completed) {
                deepest = n;
            }
        }
        assertThat(deepest).isBetween(240, Meter.MAX_DEPTH);
        assertThat(run(code.replace("DEPTH", String.valueOf(deepest + 1)))).isInstanceOf(Failed.class);
    }

    @Test
    void catchAndRetryMutualRecursionFailsAtOnceInsteadOfSpinning() {
        String issue = """
                function a() { try { b(); } catch (e) { a(); } }
                function b() { try { a(); } catch (e) { b(); } }
                function onNewBlock(ctx) { try { a(); } catch (e) { ctx.storage.set('survived', '1'); } }
                """;
        Failed f = assertTimeout(Duration.ofSeconds(30), () -> failed(run(issue)));
        assertThat(f.reason()).isEqualTo(Failure.DEPTH_EXCEEDED);
        assertThat(run("function onNewBlock(ctx) { ctx.storage.set('ok', '1'); }")).as("the next call runs")
                .isInstanceOf(Completed.class);
    }

    @Test
    void generatorsAndAsyncFunctionsGiveTheirFramesBack() {
        // a thousand yields and three hundred awaits later, 200 frames are still free
        CallResult r = run("""
                function* g() { for (let i = 0; ; i++) yield i; }
                async function h(n) { await null; return n; }
                function f(n) { return n === 0 ? 0 : 1 + f(n - 1); }
                function onNewBlock(ctx) {
                  let s = 0;
                  const it = g();
                  for (let i = 0; i < 1000; i++) s += it.next().value;
                  f(200);
                  (async () => { for (let i = 0; i < 300; i++) await h(1); f(200); })();
                  ctx.storage.set('s', String(s));
                }
                """);
        assertThat(r).isInstanceOf(Completed.class);
        assertThat(((Completed) r).storageWrites()).containsEntry("s", "499500");
    }

    @Test
    void aHostStackOverflowTheContractCatchesMakesTheServerAbstain() {
        for (String nest : new String[] {
                "let f = () => 1; for (let i = 0; i < 200000; i++) f = f.bind(null); f();",
                "let p = {}; for (let i = 0; i < 200000; i++) p = new Proxy(p, {}); p.x;",
                "let a = []; for (let i = 0; i < 200000; i++) a = [a]; String(a);",
                "JSON.parse('['.repeat(300000) + ']'.repeat(300000));"}) {
            Failed f = failed(run("function onNewBlock(ctx) { try { " + nest + " } catch (e) { ctx.storage.set('caught', String(e)); } }",
                    10_000_000));
            assertThat(f.reason()).as(nest).isEqualTo(Failure.STACK_OVERFLOW);
            assertThat(f.abstains()).as(nest).isTrue();
        }
        Failed viaJob = failed(run("""
                function onNewBlock(ctx) {
                  (async () => '['.repeat(300000))().then(JSON.parse).catch(e => ctx.storage.set('caught', String(e)));
                }
                """));
        assertThat(viaJob.reason()).as("even when a promise job calls the builtin").isEqualTo(Failure.STACK_OVERFLOW);
        assertThat(run("function onNewBlock(ctx) { ctx.storage.set('ok', '1'); }")).isInstanceOf(Completed.class);
    }
}
