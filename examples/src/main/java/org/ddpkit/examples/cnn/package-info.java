/**
 * {@code elastic-ddp-cnn}: pytorch/examples' MNIST CNN trained under DDP (one rank per process,
 * started by srun-wrapper), with a DistributedSampler, Adadelta and StepLR; per-epoch metrics
 * (CSV) and a loss/accuracy plot (PNG) at the end.
 */
package org.ddpkit.examples.cnn;
