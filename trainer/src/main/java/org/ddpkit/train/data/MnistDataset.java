package org.ddpkit.train.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-format images and labels (MNIST, Fashion-MNIST): {@code <split>-images-idx3-ubyte} and
 * {@code <split>-labels-idx1-ubyte}, each plain or {@code .gz}. Pixels stay bytes (47 MB for
 * 60,000 images) and are normalised per batch. Beyond the IDX checks, the images must be 3-D
 * unsigned bytes, the labels 1-D unsigned bytes in 0–9, and both must count the same samples.
 */
public final class MnistDataset implements Dataset {
    /** The two halves of the dataset and their file-name prefixes. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static final int CLASSES = 10;
    private final byte[] images;
    private final byte[] labels;
    private final int first;
    private final int size;
    private final int rows;
    private final int cols;

    private MnistDataset(byte[] images, byte[] labels, int first, int size, int rows, int cols) {
        this.images = images;
        this.labels = labels;
        this.first = first;
        this.size = size;
        this.rows = rows;
        this.cols = cols;
    }

    /** Loads one split from {@code dir}. */
    public static MnistDataset load(Path dir, Split split) throws IdxFormatException {
        Path imageFile = find(dir, split.prefix() + "-images-idx3-ubyte");
        Path labelFile = find(dir, split.prefix() + "-labels-idx1-ubyte");
        IdxArray img = IdxReader.read(imageFile);
        IdxArray lab = IdxReader.read(labelFile);
        if (img.type() != IdxType.UBYTE || img.dims().length != 3) {
            throw new IdxFormatException(imageFile, "expected 3-D unsigned bytes (images × rows × columns), got "
                    + img.dims().length + "-D " + img.type());
        }
        if (lab.type() != IdxType.UBYTE || lab.dims().length != 1) {
            throw new IdxFormatException(labelFile, "expected 1-D unsigned bytes (labels), got " + lab.dims().length + "-D " + lab.type());
        }
        if (img.dims()[0] != lab.dims()[0]) {
            throw new IdxFormatException(labelFile, lab.dims()[0] + " labels for the " + img.dims()[0] + " images of " + imageFile.getFileName());
        }
        byte[] l = lab.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= CLASSES) {
                throw new IdxFormatException(labelFile, "label " + (l[i] & 0xff) + " at index " + i + " is not a class 0–9");
            }
        }
        return new MnistDataset(img.data(), l, 0, l.length, img.dims()[1], img.dims()[2]);
    }

    /** {@code dir/name}, or {@code dir/name.gz} when only that exists. */
    private static Path find(Path dir, String name) throws IdxFormatException {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        if (Files.exists(plain)) {
            return plain;
        }
        if (Files.exists(gz)) {
            return gz;
        }
        throw new IdxFormatException(gz, "no such file (nor " + plain.getFileName() + "); download the dataset into " + dir + " first");
    }

    /** Samples {@code [from, from + count)} of this dataset, sharing its memory. */
    public MnistDataset subset(int from, int count) {
        if (from < 0 || count < 0 || from + count > size) {
            throw new IllegalArgumentException("subset [" + from + ", " + (from + count) + ") of a dataset of " + size);
        }
        return new MnistDataset(images, labels, first + from, count, rows, cols);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return rows;
    }

    @Override
    public int width() {
        return cols;
    }

    @Override
    public int label(int i) {
        return labels[first + java.util.Objects.checkIndex(i, size)] & 0xff;
    }

    @Override
    public void copyImage(int i, float[] dst, int off, Normalization norm) {
        int n = rows * cols;
        int src = (first + java.util.Objects.checkIndex(i, size)) * n;
        float scale = 1f / (255f * norm.std()), shift = norm.mean() / norm.std();
        for (int p = 0; p < n; p++) {
            dst[off + p] = (images[src + p] & 0xff) * scale - shift;
        }
    }
}
