package org.ddpkit.train.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ddpkit.testkit.Requirements;
import org.ddpkit.train.data.DatasetKind;
import org.ddpkit.train.metrics.EvalResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's recipe on a subset of Fashion-MNIST: 1 epoch over 2,000 training images reaches
 * well above chance (10%) on 1,000 test images. The full 60,000-image epoch (≥ 85%) runs in
 * scripts/bench.d/40-train.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FashionSubsetTrainingTest {
    @Test
    void oneEpochOnTwoThousandImagesLearns() throws Exception {
        Path fm = DatasetKind.FASHION_MNIST.packagedDirectory().orElseThrow();
        Requirements.require(Files.isDirectory(fm), "Debian's dataset-fashion-mnist at " + fm + " (apt-get install dataset-fashion-mnist)");
        MnistRunOptions o = new MnistRunOptions(DatasetKind.FASHION_MNIST, fm, 1, 64, 1.0, 0.7, 2, 1, 2000, 1000);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EvalResult r = TrainMnist.run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1000, r.total());
        assertTrue(r.accuracy() >= 0.65, "accuracy " + r.accuracy() + "\n" + out);
        assertTrue(out.contains("Train Epoch: 1 [0/2000 (0%)]"), out);
        assertTrue(out.contains("Test set: Average loss: "), out);
    }
}
