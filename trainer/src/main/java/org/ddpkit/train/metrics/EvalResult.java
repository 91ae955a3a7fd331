package org.ddpkit.train.metrics;

/**
 * A classifier's score on a dataset.
 *
 * @param meanLoss mean NLL per sample
 * @param correct  samples whose most likely class is the label
 * @param total    samples seen
 */
public record EvalResult(double meanLoss, long correct, long total) {
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** As pytorch/examples prints it: {@code Test set: Average loss: 0.0345, Accuracy: 9891/10000 (99%)}. */
    @Override
    public String toString() {
        return String.format("Test set: Average loss: %.4f, Accuracy: %d/%d (%.0f%%)", meanLoss, correct, total, 100 * accuracy());
    }
}
