package io.bourse.vm.devkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a backtest found, in the recording's heights: one row per block (the call's outcome and
 * budget, the contract's value and value per share), the contract's trades, every rule the ledger
 * enforced against it, and the summary (PnL, maximum drawdown). Amounts are fixed-point; ratios
 * are parts per million, rounded down; nothing here is floating point, so the JSON, the table and
 * the chart are the same bytes on every run.
 */
public record BacktestReport(String name, String source, long firstHeight, long lastHeight, long statementBudget,
                             List<Row> blocks, List<Trade> trades, List<Violation> violations, List<Gap> gaps) {
    public BacktestReport {
        blocks = List.copyOf(blocks);
        trades = List.copyOf(trades);
        violations = List.copyOf(violations);
        gaps = List.copyOf(gaps);
    }

    /**
     * One block: the call computed on it (outcome, statements, reason) and the contract after it.
     * {@code valuePerShare} is the value at mark prices divided by the shares investors hold.
     */
    public record Row(long height, long timestamp, String status, String outcome, long budgetUsed, String reason,
                      Amount value, Amount coin, Amount valuePerShare) {
    }

    /** A fill of the contract's order on {@code market}'s Coin book, from the contract's side. */
    public record Trade(long height, Address market, String side, Amount price, Amount quantity, String role) {
    }

    /**
     * A rule the ledger enforced: {@code rule} is the ledger's reason code (HOLD_TIME,
     * INSUFFICIENT_FUNDS…) for a result it refused — decided at {@code height}, computed on
     * {@code forHeight} —, or {@code LEDGER_…} for what the ledger did itself (sold overdue shares,
     * restricted the contract below the invested ratio).
     */
    public record Violation(long height, long forHeight, String rule, String message) {
    }

    /** Something of the recording the replay could not reproduce (a level without inventory…). */
    public record Gap(long height, String what) {
    }

    /** Value at the first block minus value at the last, in Coin (negative: a loss). */
    public BigDecimal pnl() {
        if (blocks.isEmpty()) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(blocks.getLast().value().units() - blocks.getFirst().value().units(), Amount.DECIMALS);
    }

    /** The change of value per share from the first block to the last, in ppm of the first (negative: a loss). */
    public long returnPpm() {
        if (blocks.isEmpty() || blocks.getFirst().valuePerShare().isZero()) {
            return 0;
        }
        long first = blocks.getFirst().valuePerShare().units();
        long last = blocks.getLast().valuePerShare().units();
        long diff = Math.abs(last - first);
        long ppm = Amount.mulDiv(diff, Amount.PPM, first, Amount.Rounding.DOWN);
        return last >= first ? ppm : -ppm;
    }

    /** The largest fall of value per share from a previous peak, in ppm of that peak. */
    public long maxDrawdownPpm() {
        long peak = 0;
        long worst = 0;
        for (Row r : blocks) {
            long v = r.valuePerShare().units();
            peak = Math.max(peak, v);
            if (peak > 0) {
                worst = Math.max(worst, Amount.mulDiv(peak - v, Amount.PPM, peak, Amount.Rounding.DOWN));
            }
        }
        return worst;
    }

    public long maxBudgetUsed() {
        return blocks.stream().mapToLong(Row::budgetUsed).max().orElse(0);
    }

    static String ppm(long ppm) {
        return BigDecimal.valueOf(ppm, 4).toPlainString() + "%";
    }

    // ------------------------------------------------------------------ JSON

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The report as a JSON document (docs/contract-guide.md, "Backtest output"). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("contract", name).put("recording", source).put("from", firstHeight).put("to", lastHeight)
                .put("statementBudget", statementBudget);
        ObjectNode sum = root.putObject("summary");
        sum.put("pnl", pnl().toPlainString()).put("returnPpm", returnPpm()).put("maxDrawdownPpm", maxDrawdownPpm())
                .put("trades", trades.size()).put("violations", violations.size()).put("maxBudgetUsed", maxBudgetUsed())
                .put("initialValue", blocks.isEmpty() ? "0" : blocks.getFirst().value().toPlainString())
                .put("finalValue", blocks.isEmpty() ? "0" : blocks.getLast().value().toPlainString());
        ArrayNode bs = root.putArray("blocks");
        for (Row r : blocks) {
            bs.addObject().put("height", r.height()).put("timestamp", r.timestamp()).put("status", r.status())
                    .put("outcome", r.outcome()).put("budgetUsed", r.budgetUsed()).put("reason", r.reason())
                    .put("value", r.value().toPlainString()).put("coin", r.coin().toPlainString())
                    .put("valuePerShare", r.valuePerShare().toPlainString());
        }
        ArrayNode ts = root.putArray("trades");
        for (Trade t : trades) {
            ts.addObject().put("height", t.height()).put("market", t.market().text()).put("side", t.side())
                    .put("price", t.price().toPlainString()).put("quantity", t.quantity().toPlainString())
                    .put("role", t.role());
        }
        ArrayNode vs = root.putArray("violations");
        for (Violation v : violations) {
            vs.addObject().put("height", v.height()).put("forHeight", v.forHeight()).put("rule", v.rule())
                    .put("message", v.message());
        }
        ArrayNode gs = root.putArray("replayGaps");
        for (Gap g : gaps) {
            gs.addObject().put("height", g.height()).put("what", g.what());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ table

    /** The report as text tables: summary, blocks, trades, rules broken. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("backtest of ").append(name).append(" over blocks ").append(firstHeight).append("..")
                .append(lastHeight).append(" (").append(source).append(")\n");
        out.append("PnL ").append(pnl().toPlainString()).append(" Coin, return ").append(ppm(returnPpm()))
                .append(" per share, maximum drawdown ").append(ppm(maxDrawdownPpm())).append(", ")
                .append(trades.size()).append(" trades, ").append(violations.size()).append(" rules broken, budget ")
                .append(maxBudgetUsed()).append(" of ").append(statementBudget).append(" statements at most\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"HEIGHT", "OUTCOME", "BUDGET", "VALUE", "COIN", "VALUE/SHARE", "STATUS"});
        for (Row r : blocks) {
            rows.add(new String[] {Long.toString(r.height()), r.outcome() + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"),
                Long.toString(r.budgetUsed()), r.value().toPlainString(), r.coin().toPlainString(),
                r.valuePerShare().toPlainString(), r.status()});
        }
        table(out, rows);
        out.append("\ntrades:").append(trades.isEmpty() ? " none\n" : "\n");
        if (!trades.isEmpty()) {
            List<String[]> tr = new ArrayList<>();
            tr.add(new String[] {"HEIGHT", "MARKET", "SIDE", "PRICE", "QUANTITY", "ROLE"});
            for (Trade t : trades) {
                tr.add(new String[] {Long.toString(t.height()), t.market().text(), t.side(), t.price().toPlainString(),
                    t.quantity().toPlainString(), t.role()});
            }
            table(out, tr);
        }
        out.append("\nrules broken:").append(violations.isEmpty() ? " none\n" : "\n");
        for (Violation v : violations) {
            out.append("  block ").append(v.height()).append(" (call on ").append(v.forHeight()).append("): ")
                    .append(v.rule()).append(": ").append(v.message()).append('\n');
        }
        if (!gaps.isEmpty()) {
            out.append("\nnot replayed (").append(gaps.size()).append("):\n");
            for (Gap g : gaps) {
                out.append("  block ").append(g.height()).append(": ").append(g.what()).append('\n');
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] w = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(w[i] - r[i].length())).append(i + 1 < r.length ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    // ------------------------------------------------------------------ building

    /** Collects the report as the replay goes. */
    static final class Builder {
        private final String name;
        private final String source;
        private final long budget;
        private final long first;
        private final long last;
        private final TreeMap<Long, Row> rows = new TreeMap<>();
        private final TreeMap<Long, String[]> calls = new TreeMap<>();
        private final List<Trade> trades = new ArrayList<>();
        private final List<Violation> violations = new ArrayList<>();
        private final List<Gap> gaps = new ArrayList<>();

        Builder(String name, Recording recording, NetworkParameters p) {
            this.name = name;
            this.source = recording.source();
            this.budget = p.contractStatementBudget();
            this.first = recording.blocks().getFirst().height();
            this.last = recording.blocks().getLast().height();
        }

        void gap(long height, String what) {
            gaps.add(new Gap(height, what));
        }

        void trade(long height, Address market, String side, Amount price, Amount quantity, String role) {
            trades.add(new Trade(height, market, side, price, quantity, role));
        }

        /** Whether a failed decision for {@code forHeight} is the ledger's refusal (the call itself completed). */
        boolean ruleBroken(long forHeight) {
            String[] c = calls.get(forHeight);
            return c != null && c[0].equals("completed");
        }

        void violation(long height, long forHeight, String rule, String message) {
            violations.add(new Violation(height, forHeight, rule, message));
        }

        void value(long height, long millis, String status, Amount value, Amount outstanding, Amount coin) {
            Amount perShare = outstanding.isZero() ? Amount.ZERO
                    : Amount.ofUnits(Amount.mulDiv(value.units(), Amount.ONE_UNITS, outstanding.units(), Amount.Rounding.DOWN));
            rows.put(height, new Row(height, millis, status, "", 0, "", value, coin, perShare));
        }

        void call(long height, String outcome, long budgetUsed, String reason) {
            calls.put(height, new String[] {outcome, Long.toString(budgetUsed), reason});
        }

        BacktestReport build() {
            List<Row> out = new ArrayList<>();
            for (Row r : rows.values()) {
                if (r.height() > last) {
                    continue; // the block that only applies the last call: its trades are reported, not its row
                }
                String[] c = calls.getOrDefault(r.height(), new String[] {"not-run", "0", ""});
                out.add(new Row(r.height(), r.timestamp(), r.status(), c[0], Long.parseLong(c[1]), c[2], r.value(),
                        r.coin(), r.valuePerShare()));
            }
            return new BacktestReport(name, source, first, last, budget, out, trades, violations, gaps);
        }
    }
}
