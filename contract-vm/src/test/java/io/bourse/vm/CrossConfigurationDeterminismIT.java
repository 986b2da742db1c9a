package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The same contracts over the same blocks on two execution servers configured differently on
 * purpose — time zone, locale, stack size, heap, JIT against no JIT, and the number of workers —
 * give the same results byte for byte: actions, storage writes, budget used, failure codes and
 * details (K6: "deterministic (same inputs → same outputs on every server)").
 */
// covers: K6
class CrossConfigurationDeterminismIT {
    static final Duration DEADLINE = Duration.ofMinutes(10);
    static final int BLOCKS = 6;

    static final WorkerPool.Options PLAIN = WorkerPool.Options.defaults().withWorkers(2)
            .withJvmOptions(List.of("-Duser.timezone=UTC", "-Duser.language=en", "-Duser.country=US"));
    static final WorkerPool.Options ODD = WorkerPool.Options.defaults().withWorkers(1).withHeap("384m").withStack("2m")
            .withCallTimeout(Duration.ofSeconds(30)) // no JIT: everything is slower, the backstop must not fire
            .withJvmOptions(List.of("-Duser.timezone=Pacific/Chatham", "-Duser.language=tr", "-Duser.country=TR", "-Xint",
                    "-Dfile.encoding=ISO-8859-1"));

    /** Everything whose answer could follow the server: zone, locale, number formatting, sorting, hashing, errors, depth, budget. */
    static final String PROBE = """
            function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
            function onNewBlock(ctx) {
              const d = new Date(ctx.block.timestamp);
              const out = [
                Date(), d.toString(), d.toLocaleString(), d.toLocaleDateString(), d.getTimezoneOffset(), d.getHours(),
                new Date(2024, 0, 15, 12, 30).getTime(), Date.parse('2024-03-10T02:30:00'), Date.parse('Sun Mar 10 2024 02:30:00'),
                (1234567.891).toLocaleString(), (0.1 + 0.2).toFixed(20), (123.456).toExponential(5), (255).toString(36),
                1 / 3, Math.sin(1e300), Math.exp(0.5), Math.pow(1.0000001, 1e7), Math.hypot(3, 4, 5), Math.fround(1.1),
                'istanbul İI ıi'.toUpperCase(), 'İSTANBUL'.toLowerCase(), 'i'.toLocaleUpperCase(), 'straße'.localeCompare('strasse'),
                ['b', 'a', 'ä', 'B', 'z', '10', '9'].sort().join(), ['b', 'a', 'ä', 'B'].sort((x, y) => x.localeCompare(y)).join(),
                [5, 1, 4].sort(() => 0).join(), JSON.stringify({ b: 1, a: [1.5e300, -0, 1e-7], 2: 'x', 1: 'y' }),
                Object.keys({ z: 1, 10: 1, a: 1, 2: 1 }).join(), String(Symbol('s')), Math.random(), Math.random(),
                new Error('e').stack.split('\\n')[0], String(new Map([[1, 2]]).entries().next().value),
                depth(200),
                encodeURIComponent('é ü/'), typeof escape, 12345678901234567890n * 3n, BigInt.asIntN(8, 255n),
                parseFloat('1e-400'), Number.MAX_SAFE_INTEGER + 2, (12.345).toFixed(1), (1e21).toLocaleString(),
              ];
              ctx.storage.set('probe', out.join(' | '));
              ctx.placeOrder({ market: 'm', side: 'buy', price: String(ctx.block.height), quantity: 10n ** 20n });
            }
            """;

    static List<ContractCall> block(int b, Map<String, Map<String, String>> storage) {
        List<ContractCall> calls = new ArrayList<>();
        for (String example : ExampleContractsTest.EXAMPLES) {
            for (String fixture : ExampleContractsTest.FIXTURES) {
                ObjectNode ctx = ExampleContractsTest.atBlock(ExampleContractsTest.fixture(fixture), b);
                String key = example + "@" + fixture;
                String entry = b == 0 ? "onCreate" : fixture.equals("ctx-closing.json") ? "onClosing" : "onNewBlock";
                calls.add(ContractCall.fromContext(ExampleContractsTest.code(example), Address.parse(ctx.path("contract").path("address").asText()),
                        entry, Hash.of(ctx.path("block").path("hash").asText().getBytes(StandardCharsets.US_ASCII)),
                        ctx.path("block").path("timestamp").asLong(), ctx.toString(), new TreeMap<>(storage.getOrDefault(key, Map.of())),
                        2_000_000));
            }
        }
        Address probe = Address.derived("test/determinism", new byte[] {1});
        long time = 1_710_037_800_000L + b * 86_400_000L; // around a daylight-saving change
        String ctx = "{\"block\":{\"height\":" + b + ",\"timestamp\":" + time + "}}";
        calls.add(ContractCall.onNewBlock(PROBE, probe, Hash.of(new byte[] {(byte) b}), time, ctx, Map.of(), 1_000_000));
        calls.add(ContractCall.onNewBlock(PROBE, probe, Hash.of(new byte[] {(byte) b}), time, ctx, Map.of(), 200 + 7L * b));
        calls.add(ContractCall.onNewBlock("function onNewBlock(ctx) { throw new RangeError('at ' + ctx.block.height + ' ' + new Date()); }",
                probe, Hash.of(new byte[] {(byte) b}), time, ctx, Map.of(), 1_000_000));
        calls.add(ContractCall.onNewBlock("function f(n) { try { return f(n + 1); } catch (e) { return f(n + 2); } }"
                + " function onNewBlock(ctx) { f(ctx.block.height); }", probe, Hash.of(new byte[] {(byte) b}), time, ctx, Map.of(), 1_000_000));
        return calls;
    }

    static void apply(Map<String, Map<String, String>> storage, List<CallResult> results) {
        int i = 0;
        for (String example : ExampleContractsTest.EXAMPLES) {
            for (String fixture : ExampleContractsTest.FIXTURES) {
                if (results.get(i++) instanceof Completed c) {
                    Map<String, String> s = storage.computeIfAbsent(example + "@" + fixture, k -> new TreeMap<>());
                    ExampleContractsTest.apply(s, c);
                }
            }
        }
    }

    static String bytes(List<CallResult> results) {
        StringBuilder b = new StringBuilder();
        for (CallResult r : results) {
            b.append(HexFormat.of().formatHex(WorkerProtocol.result(r).toByteArray())).append('\n');
        }
        return b.toString();
    }

    @Test
    void twoDifferentlyConfiguredServersGiveTheSameBytesBlockAfterBlock() {
        try (WorkerPool plain = new WorkerPool(PLAIN); WorkerPool odd = new WorkerPool(ODD);
             ContractSandbox inProcess = new ContractSandbox()) {
            Map<String, Map<String, String>> storage = new TreeMap<>();
            int completed = 0;
            for (int b = 0; b <= BLOCKS; b++) {
                List<ContractCall> calls = block(b, storage);
                List<CallResult> a = assertTimeoutPreemptively(DEADLINE, () -> plain.runAll(calls));
                List<CallResult> c = assertTimeoutPreemptively(DEADLINE, () -> odd.runAll(calls));
                assertThat(bytes(c)).as("block " + b + ": the odd server").isEqualTo(bytes(a));
                assertThat(inProcess.runAll(calls)).as("block " + b + ": in-process").isEqualTo(a);
                assertThat(a).noneMatch(r -> r instanceof Failed f && f.abstains());
                completed += (int) a.stream().filter(r -> r instanceof Completed).count();

                int n = calls.size();
                assertThat(a.get(n - 4)).isInstanceOf(Completed.class);
                assertThat(((Failed) a.get(n - 3)).reason()).as("a budget that runs out mid-probe").isEqualTo(Failure.BUDGET_EXHAUSTED);
                assertThat(((Failed) a.get(n - 2)).detail()).contains("RangeError: at " + b);
                assertThat(((Failed) a.get(n - 1)).reason()).as("recursion, however the stack").isEqualTo(Failure.DEPTH_EXCEEDED);
                apply(storage, a);
            }
            assertThat(completed).isGreaterThanOrEqualTo(15 * (BLOCKS + 1));
            assertThat(plain.restarts() + odd.restarts()).isZero();
        }
    }
}
