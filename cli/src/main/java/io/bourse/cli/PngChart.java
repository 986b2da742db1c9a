package io.bourse.cli;

import io.bourse.core.types.Amount;
import io.bourse.vm.devkit.BacktestReport;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The backtest's value per share as a PNG, for tools that do not show SVG: the same line, trade
 * ticks and rule marks as {@link io.bourse.vm.devkit.SvgChart}, but no text (fonts differ between
 * machines; the SVG and the table carry the numbers). Drawn without anti-aliasing from integer
 * coordinates, so one report gives one image.
 */
final class PngChart {
    private static final int W = 800;
    private static final int H = 360;
    private static final int PAD = 30;

    private PngChart() {
    }

    static byte[] render(BacktestReport r) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(PAD, PAD, PAD, H - PAD);
        g.drawLine(PAD, H - PAD, W - PAD, H - PAD);
        List<BacktestReport.Row> rows = r.blocks();
        long lo = rows.stream().mapToLong(x -> x.valuePerShare().units()).min().orElse(0);
        long hi = rows.stream().mapToLong(x -> x.valuePerShare().units()).max().orElse(0);
        if (hi == lo) {
            hi = lo + 1;
        }
        long span = Math.max(1, r.lastHeight() - r.firstHeight());
        g.setColor(new Color(0x1f6feb));
        int px = -1;
        int py = -1;
        for (BacktestReport.Row row : rows) {
            int x = x(row.height(), r.firstHeight(), span);
            int y = H - PAD - (int) Amount.mulDiv(row.valuePerShare().units() - lo, H - 2L * PAD, hi - lo, Amount.Rounding.DOWN);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        for (BacktestReport.Trade t : r.trades()) {
            g.setColor(t.side().equals("buy") ? new Color(0x1a7f37) : new Color(0x9a6700));
            int x = x(Math.min(t.height(), r.lastHeight()), r.firstHeight(), span);
            g.drawLine(x, H - PAD, x, H - PAD - 8);
        }
        g.setColor(new Color(0xcf222e));
        for (BacktestReport.Violation v : r.violations()) {
            int x = x(Math.min(v.height(), r.lastHeight()), r.firstHeight(), span);
            g.fillRect(x - 3, PAD - 3, 7, 7);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static int x(long height, long first, long span) {
        return PAD + (int) Amount.mulDiv(height - first, W - 2L * PAD, span, Amount.Rounding.DOWN);
    }
}
