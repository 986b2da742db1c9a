package io.bourse.vm.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.vm.ContractSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// covers: O7
class ContractTestsTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    static final String CTX = """
            { "block": { "height": 7, "timestamp": 1700000000000 },
              "contract": { "address": "bx334427fa167b4cd4863899afa104ed5269ee6e262445a1dd", "status": "active",
                            "coin": "100", "holdings": [], "openOrders": [] },
              "market": { "contracts": [] }, "params": {} }
            """;

    static final String CODE = """
            function onNewBlock(ctx) {
              const n = Number(ctx.storage.get('n') || '0') + 1;
              ctx.storage.set('n', String(n));
              if (n === 2) {
                ctx.placeOrder({ market: 'bx2cab2c1eaa999316e5a17989c6a6736a633455bacff4da69-coin', side: 'buy',
                                 type: 'limit', price: '1', quantity: '5' });
              }
              if (n === 3) {
                const missing = undefined;
                return missing.field;
              }
            }
            """;

    List<ContractTests.Outcome> run(String tests) throws Exception {
        Files.writeString(dir.resolve("c.js"), CODE);
        Files.writeString(dir.resolve("ctx.json"), CTX);
        Path t = dir.resolve("c.test.json");
        Files.writeString(t, tests);
        assertThat(ContractTests.contractOf(t)).isEqualTo(dir.resolve("c.js").toAbsolutePath());
        return ContractTests.run(t, CODE, SANDBOX, 1_000_000);
    }

    @Test
    void storageCarriesFromBlockToBlockAndExpectationsHold() throws Exception {
        List<ContractTests.Outcome> r = run("""
                { "contract": "c.js", "tests": [ { "name": "two blocks", "blocks": [
                  { "ctx": "ctx.json", "expect": { "noActions": true, "storage": { "n": "1" } } },
                  { "ctx": "ctx.json", "expect": { "actionCount": 1, "storage": { "n": "2" },
                    "actions": [ { "type": "placeOrder", "args": { "side": "buy", "quantity": "5" } } ] } } ] } ] }
                """);
        assertThat(r).singleElement().satisfies(o -> assertThat(o.failures()).isEmpty());
    }

    @Test
    void aFailureNamesTheBlockAndAThrowNamesTheLine() throws Exception {
        List<ContractTests.Outcome> r = run("""
                { "contract": "c.js", "tests": [
                  { "name": "wrong side", "storage": { "n": "1" }, "blocks": [
                    { "ctx": "ctx.json", "expect": { "actions": [ { "type": "placeOrder", "args": { "side": "sell" } } ] } } ] },
                  { "name": "throws", "storage": { "n": "2" }, "blocks": [ { "ctx": "ctx.json" } ] } ] }
                """);
        assertThat(r.get(0).failures()).singleElement().asString()
                .startsWith("block 7 (tests[0].blocks[0], onNewBlock): expected an action like");
        assertThat(r.get(1).failures()).singleElement().asString()
                .startsWith("block 7 (tests[1].blocks[0], onNewBlock): the call failed: script-error: the contract threw: TypeError")
                .endsWith("(at line 10 of the contract)");
    }

    @Test
    void aBadTestFileNamesTheField() {
        assertThatThrownBy(() -> run("{ \"contract\": \"c.js\", \"tests\": [ { \"blocks\": [ { \"ctx\": 3 } ] } ] }"))
                .hasMessageContaining("tests[0].blocks[0].ctx: expected a fixture file name or a ctx object");
        assertThatThrownBy(() -> run("{ \"contract\": \"c.js\", \"tests\": [] }"))
                .hasMessageContaining("tests: expected a non-empty array");
    }
}
