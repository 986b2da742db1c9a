package io.bourse.vm.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.vm.ContractSandbox;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

// covers: O7
class ContractCheckTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    static final long BUDGET = 1_000_000;

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    static List<ContractCheck.Finding> check(String code) {
        return ContractCheck.check(code, SANDBOX, BUDGET, new ContractCheck.WorstCase(200, 32, 32));
    }

    static List<ContractCheck.Finding> errors(List<ContractCheck.Finding> fs) {
        return fs.stream().filter(f -> f.severity() == ContractCheck.Severity.ERROR).toList();
    }

    @Test
    void everyExampleIsReadyToDeploy() throws Exception {
        for (String name : BacktestTest.exampleContracts().toList()) {
            List<ContractCheck.Finding> fs = check(Files.readString(BacktestTest.examples().resolve(name + ".js")));
            assertThat(errors(fs)).as(name + ": " + fs).isEmpty();
            assertThat(fs).as(name).anySatisfy(f -> assertThat(f.toString()).startsWith("ok budget: onNewBlock on a worst-case block: ")).anySatisfy(f -> assertThat(f.check()).isEqualTo("syntax"));
        }
    }

    @Test
    void aRemovedGlobalIsAnErrorWithItsLine() {
        String code = """
                // console.log in a comment is fine, and so is 'print' in a string
                function onNewBlock(ctx) {
                  const o = { print: 1 };
                  o.console = 2;
                  console.log(ctx.block.height);
                }
                """;
        List<ContractCheck.Finding> fs = errors(check(code));
        assertThat(fs).as("the scan, then the run on the worst-case block").hasSize(2);
        assertThat(fs.get(1).message()).contains("ReferenceError: console is not defined");
        assertThat(fs.get(1).line()).as("where the run threw").isEqualTo(5);
        assertThat(fs.getFirst().check()).isEqualTo("forbidden");
        assertThat(fs.getFirst().line()).isEqualTo(5);
        assertThat(fs.getFirst().message()).startsWith("console is not available in the sandbox");
    }

    @Test
    void theWordImportAnywhereIsAnError() {
        List<ContractCheck.Finding> fs = errors(check("// import nothing\nfunction onNewBlock(ctx) {}\n"));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("forbidden");
            assertThat(f.line()).isEqualTo(1);
        });
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        List<ContractCheck.Finding> fs = errors(check("function onNewBlock(ctx) {\n  const x = ;\n}\n"));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("syntax");
            assertThat(f.line()).isEqualTo(2);
        });
    }

    @Test
    void noOnNewBlockIsAnError() {
        assertThat(errors(check("function onCreate(ctx) {}\n"))).singleElement()
                .satisfies(f -> assertThat(f.check()).isEqualTo("entry"));
    }

    @Test
    void aCallThatExhaustsTheBudgetOnTheWorstCaseBlockIsAnError() {
        String code = """
                function onNewBlock(ctx) {
                  let n = 0;
                  const all = ctx.market.contracts;
                  for (const a of all) for (const b of all) for (const c of all) n += a.address < b.address ? 1 : 0;
                  ctx.storage.set('n', String(n));
                }
                """;
        List<ContractCheck.Finding> fs = errors(check(code));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("budget");
            assertThat(f.message()).contains("onNewBlock on a worst-case block fails: budget-exhausted");
        });
    }
}
