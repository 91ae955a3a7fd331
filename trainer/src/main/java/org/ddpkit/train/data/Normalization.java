package org.ddpkit.train.data;

/**
 * Pixel normalisation {@code (p/255 − mean) / std}, as torchvision's {@code ToTensor()}
 * followed by {@code Normalize((mean,), (std,))}.
 */
public record Normalization(float mean, float std) {
    /** MNIST's mean and standard deviation, used by pytorch/examples (also for Fashion-MNIST there). */
    public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);
    /** No normalisation beyond scaling to [0, 1]. */
    public static final Normalization NONE = new Normalization(0f, 1f);

    public Normalization {
        if (!(std > 0)) {
            throw new IllegalArgumentException("normalisation std: must be > 0, got \"" + std + "\"");
        }
    }

    /** The normalised value of pixel byte {@code p} (0–255). */
    public float apply(int p) {
        return ((p & 0xff) / 255f - mean) / std;
    }
}
