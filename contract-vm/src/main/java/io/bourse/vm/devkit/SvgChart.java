package io.bourse.vm.devkit;

import io.bourse.core.types.Amount;
import java.util.List;

/**
 * A backtest's value per share over its blocks as a small, self-contained SVG (no library): the
 * line, the first and last heights, the highest and lowest values, the trades as ticks and the
 * broken rules as red marks. Coordinates are integers computed from fixed-point values, so one
 * report gives one file, byte for byte.
 */
public final class SvgChart {
    static final int WIDTH = 800;
    static final int HEIGHT = 360;
    private static final int LEFT = 90;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private SvgChart() {
    }

    public static String render(BacktestReport r) {
        List<BacktestReport.Row> rows = r.blocks();
        long lo = rows.stream().mapToLong(x -> x.valuePerShare().units()).min().orElse(0);
        long hi = rows.stream().mapToLong(x -> x.valuePerShare().units()).max().orElse(0);
        if (hi == lo) {
            hi = lo + Amount.ONE_UNITS / 100;
            lo = Math.max(0, lo - Amount.ONE_UNITS / 100);
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"18\">").append(escape(r.name()))
                .append(": value per share, blocks ").append(r.firstHeight()).append("–").append(r.lastHeight())
                .append(" (PnL ").append(r.pnl().toPlainString()).append(" Coin, max drawdown ")
                .append(BacktestReport.ppm(r.maxDrawdownPpm())).append(")</text>\n");
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        int y1 = TOP;
        s.append("<path d=\"M").append(x0).append(' ').append(y1).append(" V").append(y0).append(" H").append(x1)
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");
        label(s, x0 - 6, y1 + 4, "end", Amount.ofUnits(hi).toPlainString());
        label(s, x0 - 6, y0, "end", Amount.ofUnits(lo).toPlainString());
        label(s, x0, y0 + 18, "start", Long.toString(r.firstHeight()));
        label(s, x1, y0 + 18, "end", Long.toString(r.lastHeight()));
        long span = Math.max(1, r.lastHeight() - r.firstHeight());
        StringBuilder line = new StringBuilder();
        for (BacktestReport.Row row : rows) {
            int x = x(row.height(), r.firstHeight(), span, x0, x1);
            int y = y0 - (int) Amount.mulDiv(row.valuePerShare().units() - lo, y0 - y1, hi - lo, Amount.Rounding.DOWN);
            line.append(line.isEmpty() ? "M" : " L").append(x).append(' ').append(y);
        }
        s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>\n");
        for (BacktestReport.Trade t : r.trades()) {
            int x = x(Math.min(t.height(), r.lastHeight()), r.firstHeight(), span, x0, x1);
            s.append("<line x1=\"").append(x).append("\" y1=\"").append(y0).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(y0 - 8).append("\" stroke=\"")
                    .append(t.side().equals("buy") ? "#1a7f37" : "#9a6700").append("\"/>\n");
        }
        for (BacktestReport.Violation v : r.violations()) {
            int x = x(Math.min(v.height(), r.lastHeight()), r.firstHeight(), span, x0, x1);
            s.append("<circle cx=\"").append(x).append("\" cy=\"").append(y1).append("\" r=\"4\" fill=\"#cf222e\"><title>")
                    .append(escape("block " + v.height() + ": " + v.rule())).append("</title></circle>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static int x(long height, long first, long span, int x0, int x1) {
        return x0 + (int) Amount.mulDiv(height - first, x1 - x0, span, Amount.Rounding.DOWN);
    }

    private static void label(StringBuilder s, int x, int y, String anchor, String text) {
        s.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
                .append("\">").append(escape(text)).append("</text>\n");
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
