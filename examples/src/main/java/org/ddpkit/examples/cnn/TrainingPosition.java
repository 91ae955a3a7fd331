package org.ddpkit.examples.cnn;

/**
 * Where a run stands: {@code step} training steps of epoch {@code epoch} are done. A snapshot
 * taken there resumes with step {@code step + 1}; {@code step} equal to the epoch's batch count
 * means the epoch's training is done but not yet its evaluation.
 *
 * @param epoch the epoch in progress, from 1
 * @param step  steps done in it, from 0
 */
record TrainingPosition(int epoch, int step) {
    static final TrainingPosition START = new TrainingPosition(1, 0);

    TrainingPosition {
        if (epoch < 1 || step < 0) {
            throw new IllegalArgumentException("training position: needs epoch ≥ 1 and step ≥ 0, got epoch " + epoch + " step " + step);
        }
    }

    /** The number of steps before this position over all epochs, for {@code batches} steps per epoch. */
    long globalStep(int batches) {
        return (long) (epoch - 1) * batches + step;
    }
}
