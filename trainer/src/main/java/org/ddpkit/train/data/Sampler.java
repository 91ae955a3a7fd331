package org.ddpkit.train.data;

/**
 * The order in which a loader visits dataset indices in one epoch. {@link #setEpoch} selects
 * the epoch (shuffling samplers reshuffle); the order is a pure function of the settings and the
 * epoch, so a resumed run visits the same samples.
 */
public interface Sampler {
    /** Indices visited per epoch. */
    int length();

    /** This epoch's indices, in order. */
    int[] indices();

    /** Selects the epoch (PyTorch's {@code set_epoch}). */
    default void setEpoch(long epoch) {
    }
}
