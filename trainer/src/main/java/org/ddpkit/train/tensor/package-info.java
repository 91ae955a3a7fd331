/**
 * Float32 tensors: a shape, a memory format and a window on a {@code float[]}, plus the
 * reusable buffers layers keep so that a training step allocates nothing big.
 */
package org.ddpkit.train.tensor;
