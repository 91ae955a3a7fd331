/**
 * Layers as modules with explicit forward and backward passes (each op's backward beside its
 * forward), a module tree with named parameters and gradients, and PyTorch's default
 * initialisation. Layers keep their activations in reusable buffers: an output stays valid
 * until the layer's next forward call.
 */
package org.ddpkit.train.nn;
