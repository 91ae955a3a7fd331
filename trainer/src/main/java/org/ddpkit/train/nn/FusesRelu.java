package org.ddpkit.train.nn;

import org.ddpkit.train.tensor.Tensor;

/**
 * A layer that can apply a following ReLU in its own output loop. {@link Sequential} uses it
 * for {@code layer, ReLU} pairs; the layer's backward then applies ReLU's gradient too.
 */
public interface FusesRelu {
    /** Like {@link Module#forward}, followed by {@code max(·, 0)} when {@code relu} is set. */
    Tensor forward(Tensor input, boolean relu);
}
