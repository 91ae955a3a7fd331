package org.ddpkit.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.ddpkit.examples.cnn.EpochMetrics;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code metrics.png}: training and test loss (top) and test accuracy (bottom) per epoch, one
 * shared epoch axis; points are marked, so a one-epoch run still shows its values.
 */
public final class MetricsPlot {
    public static final String FILE = "metrics.png";
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private MetricsPlot() {}

    /** Draws {@code rows} into {@code png} (replaced atomically). */
    public static void write(List<EpochMetrics> rows, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries train = new XYSeries("train loss");
        XYSeries test = new XYSeries("test loss");
        XYSeries accuracy = new XYSeries("test accuracy (%)");
        for (EpochMetrics r : rows) {
            train.add(r.epoch(), r.trainLoss());
            test.add(r.epoch(), r.testLoss());
            accuracy.add(r.epoch(), 100 * r.testAccuracy());
        }
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(train);
        losses.addSeries(test);
        NumberAxis lossAxis = new NumberAxis("loss");
        lossAxis.setAutoRangeIncludesZero(true);
        XYPlot lossPlot = new XYPlot(losses, null, lossAxis, renderer(new Color(0x1f77b4), new Color(0xff7f0e)));
        NumberAxis accAxis = new NumberAxis("accuracy (%)");
        accAxis.setAutoRangeIncludesZero(false);
        accAxis.setAutoRangeMinimumSize(2.0); // one epoch, or a flat curve: a 2-point span, not ticks 1e-6 apart
        XYPlot accPlot = new XYPlot(new XYSeriesCollection(accuracy), null, accAxis, renderer(new Color(0x2ca02c)));
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        if (rows.size() == 1) {
            epochs.setRange(rows.getFirst().epoch() - 0.5, rows.getFirst().epoch() + 0.5);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(lossPlot, 3);
        plot.add(accPlot, 2);
        for (XYPlot p : List.of(lossPlot, accPlot)) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(Color.LIGHT_GRAY);
            p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT);
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static XYLineAndShapeRenderer renderer(Color... colors) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        return r;
    }
}
