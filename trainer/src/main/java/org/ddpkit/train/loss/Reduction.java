package org.ddpkit.train.loss;

/** How per-element losses are combined, as PyTorch's {@code reduction}. */
public enum Reduction {
    /** The average (PyTorch's default). */
    MEAN,
    /** The sum. */
    SUM
}
