/**
 * Stopping a distributed run cleanly on a notice: {@link org.ddpkit.train.fault.NoticeFlag}
 * turns SIGUSR1/SIGUSR2 (SLURM's {@code --signal}, {@code scancel --signal}) into a flag, and
 * {@link org.ddpkit.train.fault.CollectiveFlag} lets every rank agree on it at a step boundary,
 * so all ranks stop after the same step and one of them can write the snapshot.
 */
package org.ddpkit.train.fault;
