package org.ddpkit.train.kernels;

/**
 * The shape of one 2-D convolution on one sample: {@code channels × height × width} in,
 * {@code outChannels × outHeight × outWidth} out, a square {@code kernel}, {@code stride} and
 * zero {@code padding}. Sizes are element counts of one sample.
 */
public record ConvGeometry(int channels, int height, int width, int outChannels, int kernel, int stride, int padding) {
    public ConvGeometry {
        if (channels < 1 || height < 1 || width < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("bad convolution geometry: " + channels + "x" + height + "x" + width
                    + " → " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
            throw new IllegalArgumentException("input " + height + "x" + width + " with padding " + padding
                    + " is smaller than the kernel " + kernel);
        }
    }

    public int paddedHeight() {
        return height + 2 * padding;
    }

    public int paddedWidth() {
        return width + 2 * padding;
    }

    public int outHeight() {
        return (paddedHeight() - kernel) / stride + 1;
    }

    public int outWidth() {
        return (paddedWidth() - kernel) / stride + 1;
    }

    public int inSize() {
        return channels * height * width;
    }

    public int paddedSize() {
        return channels * paddedHeight() * paddedWidth();
    }

    public int outSize() {
        return outChannels * outHeight() * outWidth();
    }

    public int weightSize() {
        return outChannels * channels * kernel * kernel;
    }

    /** Multiply-adds of one sample's forward pass. */
    public long macs() {
        return (long) outSize() * channels * kernel * kernel;
    }
}
