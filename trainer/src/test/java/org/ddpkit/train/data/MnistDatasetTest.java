package org.ddpkit.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpkit.testkit.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetTest {
    @TempDir
    Path dir;

    private void write(String name, byte[] b) throws IOException {
        Files.write(dir.resolve(name), b);
    }

    @Test
    void loadsImagesAndLabelsAndNormalises() throws Exception {
        write("train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(12, 4, 3)));
        write("train-labels-idx1-ubyte", IdxFiles.labels(12));
        MnistDataset d = MnistDataset.load(dir, MnistDataset.Split.TRAIN);
        assertEquals(12, d.size());
        assertEquals(4, d.height());
        assertEquals(3, d.width());
        assertEquals(7, d.label(7));
        float[] px = new float[12];
        d.copyImage(1, px, 0, Normalization.MNIST);
        // pixel p of image 1 is (7 + p) mod 256; normalised (v/255 − 0.1307)/0.3081
        assertEquals((7 / 255f - 0.1307f) / 0.3081f, px[0], 1e-6);
        assertEquals((18 / 255f - 0.1307f) / 0.3081f, px[11], 1e-6);
        MnistDataset s = d.subset(10, 2);
        assertEquals(2, s.size());
        assertEquals(1, s.label(1));
    }

    @Test
    void imagesAndLabelsMustAgree() throws Exception {
        write("t10k-images-idx3-ubyte", IdxFiles.images(5, 2, 2));
        write("t10k-labels-idx1-ubyte", IdxFiles.labels(4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TEST));
        assertEquals("4 labels for the 5 images of t10k-images-idx3-ubyte", e.problem());
    }

    @Test
    void labelsMustBeDigits() throws Exception {
        write("t10k-images-idx3-ubyte", IdxFiles.images(2, 2, 2));
        write("t10k-labels-idx1-ubyte", IdxFiles.ubyte(new int[] {2}, new byte[] {3, 12}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TEST));
        assertEquals("label 12 at index 1 is not a class 0–9", e.problem());
    }

    @Test
    void labelsFileWithImageShapeIsRejected() throws Exception {
        write("t10k-images-idx3-ubyte", IdxFiles.images(2, 2, 2));
        write("t10k-labels-idx1-ubyte", IdxFiles.images(2, 2, 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TEST));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte"), e.file());
        assertEquals("expected 1-D unsigned bytes (labels), got 3-D UBYTE", e.problem());
    }

    @Test
    void missingFilesSayWhatToDo() {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TRAIN));
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz"), e.file());
        assertEquals("no such file (nor train-images-idx3-ubyte); download the dataset into " + dir + " first", e.problem());
    }

    /** The packaged Fashion-MNIST: 60,000 + 10,000 images of 28×28, 6,000 (1,000) per class. */
    @Test
    void debiansFashionMnistLoads() throws Exception {
        Path fm = DatasetKind.FASHION_MNIST.packagedDirectory().orElseThrow();
        Requirements.require(Files.isDirectory(fm), "Debian's dataset-fashion-mnist at " + fm + " (apt-get install dataset-fashion-mnist)");
        MnistDataset train = MnistDataset.load(fm, MnistDataset.Split.TRAIN);
        MnistDataset test = MnistDataset.load(fm, MnistDataset.Split.TEST);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        for (int c : counts) {
            assertEquals(6_000, c);
        }
    }
}
