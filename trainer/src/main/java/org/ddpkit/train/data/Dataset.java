package org.ddpkit.train.data;

/** Labelled images of one size, addressable by index. */
public interface Dataset {
    int size();

    int channels();

    int height();

    int width();

    /** The class of sample {@code i}. */
    int label(int i);

    /** Writes sample {@code i}'s pixels, normalised, to {@code dst[off ..]} in CHW order. */
    void copyImage(int i, float[] dst, int off, Normalization norm);
}
