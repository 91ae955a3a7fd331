/**
 * SLURM knowledge, and the only place in ddpkit that reads {@code SLURM_*} variables: the
 * {@link org.ddpkit.launch.slurm.SlurmField} table, the step it describes
 * ({@link org.ddpkit.launch.slurm.SlurmStep}), hostlists, tasks-per-node strings and the derived
 * master port.
 */
package org.ddpkit.launch.slurm;
