/**
 * Failures end to end with real processes: a rank killed (SIGKILL) or frozen (SIGSTOP) in the
 * middle of {@code elastic-ddp-cnn} training, standalone and on the local SLURM cluster, and
 * {@code srun-wrapper --max-restarts} resuming from the snapshot. (Tests named Preempt* are
 * the preemption tests.)
 */
package org.ddpkit.examples.fault;
