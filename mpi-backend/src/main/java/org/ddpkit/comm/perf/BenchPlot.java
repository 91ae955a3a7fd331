package org.ddpkit.comm.perf;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the bench CSV as a PNG with java.awt (headless): bus bandwidth against message size
 * (log scale), one line per label; labels starting with {@code tcp-stream} are drawn as
 * horizontal dashed lines at their median bandwidth, the yardstick for the ring. One chart
 * needs no charting library.
 *
 * <pre>BenchPlot CSV PNG [TITLE]</pre>
 */
public final class BenchPlot {
    private static final int W = 1000;
    private static final int H = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private BenchPlot() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: BenchPlot CSV PNG [TITLE]");
            System.exit(64);
        }
        try {
            List<BenchRow> rows = BenchRow.parseAll(Files.readAllLines(Path.of(args[0])));
            write(rows, Path.of(args[1]), args.length > 2 ? args[2] : "all-reduce bus bandwidth");
        } catch (IllegalArgumentException e) {
            System.err.println("bench-plot: " + args[0] + ": " + e.getMessage());
            System.exit(65);
        } catch (IOException e) {
            System.err.println("bench-plot: " + e.getMessage());
            System.exit(70);
        }
    }

    static void write(List<BenchRow> rows, Path png, String title) throws IOException {
        Map<String, List<BenchRow>> series = new LinkedHashMap<>();
        rows.forEach(r -> series.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        List<BenchRow> curves = rows.stream().filter(r -> !r.label().startsWith("tcp-stream")).toList();
        List<BenchRow> span = curves.isEmpty() ? rows : curves;
        long minB = span.stream().mapToLong(BenchRow::bytes).min().orElse(1);
        long maxB = span.stream().mapToLong(BenchRow::bytes).max().orElse(2);
        double maxY = rows.stream().mapToDouble(BenchRow::busbw).max().orElse(1) * 1.1;
        double lx0 = log2(minB);
        double lx1 = Math.max(log2(maxB), lx0 + 1);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // grid and axes
        for (int i = 0; i <= 5; i++) {
            int y = TOP + ph - i * ph / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.2f", maxY * i / 5), 10, y + 4);
        }
        for (double l = Math.ceil(lx0); l <= lx1; l += 2) {
            int x = LEFT + (int) ((l - lx0) / (lx1 - lx0) * pw);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.BLACK);
            g.drawString(ByteSize.format(1L << (long) l), x - 12, TOP + ph + 18);
        }
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString("message size (bytes)", LEFT + pw / 2 - 60, H - 15);
        g.drawString("busbw (GB/s)", 10, TOP - 8);
        int k = 0;
        for (Map.Entry<String, List<BenchRow>> e : series.entrySet()) {
            Color c = COLORS[k % COLORS.length];
            g.setColor(c);
            List<BenchRow> pts = e.getValue();
            boolean stream = e.getKey().startsWith("tcp-stream");
            if (stream) {
                double median = pts.stream().mapToDouble(BenchRow::busbw).sorted().toArray()[pts.size() / 2];
                int y = TOP + ph - (int) (median / maxY * ph);
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
                g.drawLine(LEFT, y, LEFT + pw, y);
            } else {
                g.setStroke(new BasicStroke(2f));
                int px = -1;
                int py = -1;
                for (BenchRow r : pts) {
                    int x = LEFT + (int) ((log2(r.bytes()) - lx0) / (lx1 - lx0) * pw);
                    int y = TOP + ph - (int) (r.busbw() / maxY * ph);
                    g.fillOval(x - 3, y - 3, 7, 7);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
            }
            int ly = TOP + 10 + k * 20;
            g.drawLine(LEFT + pw + 15, ly, LEFT + pw + 40, ly);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), LEFT + pw + 46, ly + 4);
            k++;
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static double log2(long v) {
        return Math.log(Math.max(1, v)) / Math.log(2);
    }
}
