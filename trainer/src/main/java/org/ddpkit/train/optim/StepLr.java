package org.ddpkit.train.optim;

/**
 * PyTorch's StepLR: every {@code stepSize} calls to {@link #step()} (epochs), the optimizer's
 * learning rate is multiplied by {@code gamma}.
 */
public final class StepLr {
    private final Optimizer optimizer;
    private final int stepSize;
    private final double gamma;
    private int lastEpoch;

    public StepLr(Optimizer optimizer, int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step_size: must be ≥ 1, got \"" + stepSize + "\"");
        }
        this.optimizer = optimizer;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /** Ends an epoch: the learning rate decays when a multiple of {@code stepSize} is reached. */
    public void step() {
        lastEpoch++;
        if (lastEpoch % stepSize == 0) {
            optimizer.setLr(optimizer.lr() * gamma);
        }
    }

    /** Epochs counted so far (PyTorch's {@code last_epoch}). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Restores the epoch count of a snapshot (the learning rate is in the optimizer's state). */
    public void setLastEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("last_epoch: must be ≥ 0, got \"" + epoch + "\"");
        }
        lastEpoch = epoch;
    }
}
