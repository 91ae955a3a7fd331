package org.ddpkit.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ddpkit.examples.cnn.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plot is a real PNG of the promised size with the series drawn in their colours. */
class MetricsPlotTest {
    @ParameterizedTest(name = "{0} epoch(s)")
    @ValueSource(ints = {1, 5})
    void drawsLossAndAccuracy(int epochs, @TempDir Path dir) throws Exception {
        List<EpochMetrics> rows = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            rows.add(new EpochMetrics(e, 1.0 / e, 0.8 / e, 0.7 + 0.03 * e, 1, 10, 1000));
        }
        Path png = dir.resolve("m.png");
        MetricsPlot.write(rows, "test", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(MetricsPlot.WIDTH, img.getWidth());
        assertEquals(MetricsPlot.HEIGHT, img.getHeight());
        assertTrue(countColour(img, 0x1f77b4) > 20, "train loss (blue) is drawn");
        assertTrue(countColour(img, 0xff7f0e) > 20, "test loss (orange) is drawn");
        assertTrue(countColour(img, 0x2ca02c) > 20, "accuracy (green) is drawn");
    }

    private static int countColour(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void replacesAnOldPlotWithoutLeavingATemporaryFile(@TempDir Path dir) throws Exception {
        Path png = dir.resolve(MetricsPlot.FILE);
        MetricsPlot.write(List.of(new EpochMetrics(1, 1, 1, 0.5, 1, 1, 1)), "a", png);
        MetricsPlot.write(List.of(new EpochMetrics(1, 1, 1, 0.5, 1, 1, 1), new EpochMetrics(2, 0.5, 0.6, 0.6, 0.7, 1, 1)), "b", png);
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }
}
