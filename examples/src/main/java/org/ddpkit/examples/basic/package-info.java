/**
 * The DDP tutorial's demos on the ToyModel: {@code basic-use-case} (which starts its ranks itself,
 * as {@code mp.spawn} does, and runs the basic, checkpoint and model-parallel demos in turn) and
 * {@code elastic-ddp} (one rank started by srun-wrapper, as torchrun starts it).
 */
package org.ddpkit.examples.basic;
