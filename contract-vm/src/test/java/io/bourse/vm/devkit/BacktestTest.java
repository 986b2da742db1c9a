package io.bourse.vm.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.vm.ContractSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * O7: backtests over a recorded devnet session ({@code devnet-session.json}: 60 blocks of a fresh
 * {@code ./bourse devnet --block-time 1}, recorded from height 45 with
 * {@code bourse record --blocks 60}, while the five examples traded). Each example is replayed
 * twice, each time in a new sandbox, and must give the same bytes; a contract that sells shares
 * younger than the minimum hold time is reported with the block and the rule.
 */
// covers: O7
class BacktestTest {
    static Recording session() throws IOException {
        try (InputStream in = BacktestTest.class.getResourceAsStream("devnet-session.json")) {
            return Recording.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Path examples() {
        Path p = Path.of("../examples/contracts");
        return Files.isDirectory(p) ? p : Path.of("examples/contracts");
    }

    static Stream<String> exampleContracts() {
        return Stream.of("index-fund", "market-maker", "momentum", "options-writer", "self-closing");
    }

    static BacktestReport backtest(Recording r, String code, String name) {
        try (ContractSandbox sandbox = new ContractSandbox()) {
            return new Backtest(r, code, Backtest.Options.defaults(name)).run(sandbox);
        }
    }

    @ParameterizedTest
    @MethodSource("exampleContracts")
    void anExampleBacktestsToTheSameBytesTwice(String name) throws IOException {
        Recording r = session();
        String code = Files.readString(examples().resolve(name + ".js"));
        BacktestReport first = backtest(r, code, name);
        BacktestReport second = backtest(r, code, name);
        assertThat(second.toJson()).isEqualTo(first.toJson());
        assertThat(second.toTable()).isEqualTo(first.toTable());
        assertThat(SvgChart.render(second)).isEqualTo(SvgChart.render(first));
        assertThat(first.blocks()).hasSize(r.blocks().size());
        assertThat(first.blocks().getFirst().height()).isEqualTo(r.blocks().getFirst().height());
        assertThat(first.blocks()).as("every call completes").allSatisfy(b -> assertThat(b.outcome()).isEqualTo("completed"));
        assertThat(first.maxBudgetUsed()).isPositive().isLessThan(first.statementBudget());
        assertThat(first.blocks().getFirst().value().toPlainString()).as("the investors' capital").isEqualTo("3000");
    }

    @Test
    void theReportIsTheSameWhateverTheMachinesLocaleAndZone() throws IOException {
        Recording r = session();
        String code = Files.readString(examples().resolve("index-fund.js"));
        String here = backtest(r, code, "index-fund").toJson();
        java.util.Locale locale = java.util.Locale.getDefault();
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR")); // "ACTIVE".toLowerCase() is "actıve" there
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Chatham"));
            assertThat(backtest(r, code, "index-fund").toJson()).isEqualTo(here);
        } finally {
            java.util.Locale.setDefault(locale);
            java.util.TimeZone.setDefault(zone);
        }
    }

    @Test
    void theExamplesTradeAgainstTheRecordedMarket() throws IOException {
        Recording r = session();
        long trades = 0;
        for (String name : exampleContracts().toList()) {
            trades += backtest(r, Files.readString(examples().resolve(name + ".js")), name).trades().size();
        }
        assertThat(trades).as("fills of the examples' orders against the recorded books and flow").isPositive();
    }

    /** Buys shares from a treasury, then tries to sell them at once: the ledger's minimum hold time refuses it. */
    static final String IMPATIENT = """
            function onNewBlock(ctx) {
              const held = ctx.contract.holdings.filter(h => h.token !== ctx.contract.address);
              if (held.length === 0) {
                const c = ctx.market.list({ limit: 8 }).find(x => x.address !== ctx.contract.address && x.status === 'active');
                if (c) ctx.buyFromContract({ contract: c.address, quantity: '10', maxPrice: c.price });
                return;
              }
              ctx.placeOrder({ market: held[0].token + '-coin', side: 'sell', type: 'limit', price: '0.0001',
                               quantity: held[0].amount });
            }
            """;

    @Test
    void aContractThatSellsTooEarlyIsReportedWithTheBlockAndTheRule() throws IOException {
        Recording r = session();
        BacktestReport report = backtest(r, IMPATIENT, "impatient");
        assertThat(report.violations()).as(report.toTable()).isNotEmpty();
        BacktestReport.Violation v = report.violations().getFirst();
        assertThat(v.rule()).isEqualTo("HOLD_TIME");
        assertThat(v.forHeight()).isBetween(r.blocks().getFirst().height(), r.blocks().getLast().height());
        assertThat(v.height()).isGreaterThan(v.forHeight());
        assertThat(report.toTable()).contains("block " + v.height() + " (call on " + v.forHeight() + "): HOLD_TIME");
        assertThat(report.toJson()).contains("\"rule\" : \"HOLD_TIME\"");
        assertThat(report.trades()).as("once held the minimum hold time (10 s on the devnet), the shares sell")
                .isNotEmpty().allSatisfy(t -> {
                    assertThat(t.side()).isEqualTo("sell");
                    assertThat(t.height()).isGreaterThan(v.height());
                });
    }

    @Test
    void aContractThatThrowsIsReportedAsFailedCallsNotAsBrokenRules() throws IOException {
        Recording r = session();
        BacktestReport report = backtest(r, "function onNewBlock(ctx) { null.x; }", "thrower");
        assertThat(report.blocks().getFirst().outcome()).as("onCreate, which it does not define").isEqualTo("completed");
        assertThat(report.blocks().subList(1, report.blocks().size()))
                .allSatisfy(b -> assertThat(b.outcome()).isEqualTo("failed"));
        assertThat(report.blocks().get(1).reason()).startsWith("script-error: the contract threw: TypeError");
        assertThat(report.violations()).isEmpty();
        assertThat(report.pnl().signum()).isZero();
        assertThat(report.maxDrawdownPpm()).isZero();
    }

    /** Keeps one bid of 2 shares at 0.5 on one other contract's book (below every recorded ask). */
    static final String PATIENT_BIDDER = """
            function onNewBlock(ctx) {
              if (ctx.contract.openOrders.length > 0 || ctx.contract.holdings.some(h => h.token !== ctx.contract.address)) return;
              const c = ctx.market.list({ limit: 8 }).find(x => x.address !== ctx.contract.address);
              ctx.placeOrder({ market: c.address + '-coin', side: 'buy', type: 'limit', price: '0.5', quantity: '2' });
            }
            """;

    @Test
    void aRecordedTradeFillsTheContractsBetterRestingOrder() throws IOException {
        // a recorded seller hits 5 shares at 0.4 on every book at block 56: the contract's bid at 0.5 is better
        Recording r = session();
        Recording.Block at = r.blocks().get(10);
        List<io.bourse.core.types.Address> markets = at.contracts().stream().map(Recording.Listing::address).toList();
        java.util.List<Recording.Block> blocks = new java.util.ArrayList<>(r.blocks());
        blocks.set(10, new Recording.Block(at.height(), at.timestamp(), at.hash(), at.contracts(), at.books(),
                markets.stream().map(m -> new Recording.Trade(m, io.bourse.core.types.Amount.parse("0.4"),
                        io.bourse.core.types.Amount.parse("5"), "sell")).toList()));
        Recording withTrade = new Recording(r.source(), r.chainId(), r.parameters(), blocks);
        BacktestReport report = backtest(withTrade, PATIENT_BIDDER, "bidder");
        assertThat(report.trades()).as(report.toTable()).singleElement().satisfies(t -> {
            assertThat(t.height()).isEqualTo(at.height());
            assertThat(markets).as("named by its recorded address").contains(t.market());
            assertThat(t.side()).isEqualTo("buy");
            assertThat(t.role()).as("its bid rested; the recorded seller took it").isEqualTo("maker");
            assertThat(t.price().toPlainString()).as("at the resting order's price").isEqualTo("0.5");
            assertThat(t.quantity().toPlainString()).isEqualTo("2");
        });
        assertThat(backtest(r, PATIENT_BIDDER, "bidder").trades()).as("without the recorded trade, no fill").isEmpty();
    }

    @Test
    void theLedgersOwnInvestedRatioCheckIsReportedWithItsBlock() throws IOException {
        Recording r = session();
        com.fasterxml.jackson.databind.node.ObjectNode params = r.parameters().deepCopy();
        params.put("contractInvestedRatioGracePeriod", 0); // the ratio binds at once: a contract holding only Coin is below it
        Recording noGrace = new Recording(r.source(), r.chainId(), params, r.blocks());
        BacktestReport idle = backtest(noGrace, "function onNewBlock(ctx) {}", "idle");
        assertThat(idle.violations()).as(idle.toTable()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("LEDGER_BELOW_INVESTED_RATIO");
            assertThat(v.height()).isBetween(r.blocks().getFirst().height(), r.blocks().getLast().height());
        });
        assertThat(backtest(r, "function onNewBlock(ctx) {}", "idle").violations())
                .as("within the devnet's 7-day grace period").isEmpty();
    }

    @Test
    void drawdownAndReturnAreComputedFromValuePerShare() {
        List<BacktestReport.Row> rows = Stream.of("1", "1.2", "0.9", "1.1").map(v -> new BacktestReport.Row(0, 0, "active",
                "completed", 1, "", io.bourse.core.types.Amount.parse(v), io.bourse.core.types.Amount.ZERO,
                io.bourse.core.types.Amount.parse(v))).toList();
        BacktestReport r = new BacktestReport("x", "", 0, 3, 1000, rows, List.of(), List.of(), List.of());
        assertThat(r.maxDrawdownPpm()).as("from 1.2 to 0.9").isEqualTo(250_000);
        assertThat(r.returnPpm()).isEqualTo(100_000);
        assertThat(r.pnl().toPlainString()).isEqualTo("0.10000000");
    }
}
