/** The trainer: tensors, layers, losses, optimizers, data, DDP and checkpoints. */
package org.ddpkit.train;
