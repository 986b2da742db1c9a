package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O7: the dev kit's local commands as an author runs them: new, test, check, backtest. // covers: O7 */
class DevKitCommandsTest {
    @TempDir
    Path dir;

    static Path session() throws Exception {
        Path p = Path.of("../contract-vm/src/test/resources/io/bourse/vm/devkit/devnet-session.json");
        return Files.isRegularFile(p) ? p : Path.of("contract-vm/src/test/resources/io/bourse/vm/devkit/devnet-session.json");
    }

    @Test
    void aNewContractPassesItsTestsAndItsCheck() throws Exception {
        CliRun created = CliRun.of("contract", "new", "dip-buyer", "--dir", dir.toString());
        assertThat(created.code()).as(created.err()).isZero();
        Path root = dir.resolve("dip-buyer");
        assertThat(root.resolve("dip-buyer.js")).content().contains("function onNewBlock(ctx)")
                .contains("/// <reference path=\"bourse.d.ts\" />");
        assertThat(root.resolve("bourse.d.ts")).content().contains("interface");
        assertThat(root.resolve("README.md")).content().contains("# dip-buyer");
        assertThat(root.resolve("dip-buyer.test.json")).content().contains("\"contract\": \"dip-buyer.js\"");

        CliRun tested = CliRun.of("contract", "test", root.resolve("dip-buyer.test.json").toString());
        assertThat(tested.code()).as(tested.out() + tested.err()).isZero();
        assertThat(tested.out()).contains("3 passed, 0 failed");

        CliRun checked = CliRun.of("contract", "check", root.resolve("dip-buyer.js").toString());
        assertThat(checked.code()).as(checked.out() + checked.err()).isZero();
        assertThat(checked.out()).contains("ok budget: onNewBlock on a worst-case block").endsWith("ready to deploy\n");

        assertThat(CliRun.of("contract", "new", "dip-buyer", "--dir", dir.toString()).err()).contains("already exists");
        assertThat(CliRun.of("contract", "new", "Bad Name").err()).contains("NAME: lower-case letters");
    }

    @Test
    void aFailingTestExitsOneNamingTheBlockAndTheLine() throws Exception {
        assertThat(CliRun.of("contract", "new", "broken", "--dir", dir.toString()).code()).isZero();
        Path js = dir.resolve("broken").resolve("broken.js");
        Files.writeString(js, Files.readString(js).replace("  const cfg = config(ctx);", "  const cfg = config(ctx);\n  if (ctx.block.height > 0) { undefined.boom(); }"));
        CliRun r = CliRun.of("contract", "test", js.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL waits between its bids")
                .contains("block 1000 (tests[1].blocks[0], onNewBlock): the call failed: script-error")
                .contains("(at line 40 of the contract)").contains("1 passed, 2 failed");
        CliRun check = CliRun.of("contract", "check", js.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains("error budget (line 40): onNewBlock on a worst-case block fails: script-error")
                .endsWith("not ready to deploy\n");
    }

    @Test
    void aBacktestPrintsTheSameReportTwiceAndWritesItsCharts() throws Exception {
        Path code = Path.of(session().toString().replaceFirst("contract-vm/src/test/resources/io/bourse/vm/devkit/devnet-session.json$",
                "examples/contracts/index-fund.js"));
        Path svg = dir.resolve("a.svg");
        Path png = dir.resolve("a.png");
        CliRun first = CliRun.of("contract", "backtest", code.toString(), "--recording", session().toString(), "--json",
                "--chart", svg.toString());
        CliRun second = CliRun.of("contract", "backtest", code.toString(), "--recording", session().toString(), "--json",
                "--chart", png.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(first.json().path("summary").has("maxDrawdownPpm")).isTrue();
        assertThat(first.json().path("blocks")).hasSize(60);
        assertThat(svg).content().startsWith("<svg").contains("index-fund: value per share");
        assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

        CliRun table = CliRun.of("contract", "backtest", code.toString(), "--recording", session().toString());
        assertThat(table.out()).contains("backtest of index-fund over blocks 46..105").contains("HEIGHT").contains("PnL");
    }

    @Test
    void aBacktestSavesTheCtxOfARecordedBlockAsATestFixture() throws Exception {
        assertThat(CliRun.of("contract", "new", "fund", "--dir", dir.toString()).code()).isZero();
        Path root = dir.resolve("fund");
        Path fixture = root.resolve("fixtures/block-80.json");
        CliRun r = CliRun.of("contract", "backtest", root.resolve("fund.js").toString(), "--recording", session().toString(),
                "--ctx-at", "80", "--ctx-out", fixture.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var ctx = NodeClient.JSON.readTree(fixture.toFile());
        assertThat(ctx.path("block").path("height").asLong()).isEqualTo(80);
        assertThat(ctx.path("market").path("contracts")).hasSize(6); // the five recorded contracts and this one
        assertThat(ctx.path("contract").path("coin").asText()).isNotEmpty();
        Files.writeString(root.resolve("real.test.json"), """
                { "contract": "fund.js", "tests": [ { "name": "on block 80 of the devnet session", "storage": { "blocks": "4" },
                  "blocks": [ { "ctx": "fixtures/block-80.json", "expect": { "outcome": "completed", "actionCount": 1 } } ] } ] }
                """);
        CliRun tested = CliRun.of("contract", "test", root.resolve("real.test.json").toString());
        assertThat(tested.code()).as(tested.out()).isZero();

        CliRun outside = CliRun.of("contract", "backtest", root.resolve("fund.js").toString(), "--recording",
                session().toString(), "--ctx-at", "7", "--ctx-out", fixture.toString());
        assertThat(outside.err()).contains("--ctx-at: the recording holds blocks 46..105, not 7");
    }

    @Test
    void badBacktestInputIsNamed() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"bourse-recording/1\",\"chainId\":\"x\",\"parameters\":{},\"blocks\":[{}]}");
        Path code = dir.resolve("c.js");
        Files.writeString(code, "function onNewBlock(ctx) {}");
        CliRun r = CliRun.of("contract", "backtest", code.toString(), "--recording", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--recording: ").contains("blocks[0].height: expected a non-negative integer");
        CliRun both = CliRun.of("contract", "backtest", code.toString(), "--recording", bad.toString(), "--from-node", "http://x");
        assertThat(both.code()).isEqualTo(2);
        CliRun chart = CliRun.of("contract", "backtest", code.toString(), "--recording", session().toString(), "--chart",
                dir.resolve("a.gif").toString());
        assertThat(chart.err()).contains("--chart: a .svg or .png file");
    }
}
