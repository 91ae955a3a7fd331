package org.ddpkit.examples.cnn;

/**
 * What a snapshot gives back besides the model and optimizer: where to go on from, and this
 * rank's running figures of the epoch in progress.
 *
 * @param position     the position saved
 * @param lossSum      this rank's sum of the batch losses of the epoch so far
 * @param epochSeconds training seconds of the epoch so far
 */
record Resumed(TrainingPosition position, double lossSum, double epochSeconds) {}
