/**
 * srun-wrapper: starts training workers with the env contract and supervises them, like
 * torchrun. The layers, each knowing only the ones below it:
 * <ol>
 *   <li>{@link org.ddpkit.launch.Main}: the edge; reads the environment once, maps errors to
 *       exit codes;
 *   <li>{@code cli}: arguments to a {@code config.LaunchConfig} (the only user of Commons CLI);
 *   <li>{@code plan}: config + environment + host facts to a {@code LaunchPlan} (mode, nodes,
 *       master address and port, each worker's variables), with {@code slurm} for everything
 *       SLURM says;
 *   <li>{@code agent}: starts the local worker group through Commons Exec and supervises it
 *       (output, signals, failures, restarts), attempt by attempt from a {@code PlanSource};
 *   <li>{@code rdzv}: the TCP rendezvous that is the {@code PlanSource} of multi-machine runs
 *       without SLURM.
 * </ol>
 */
package org.ddpkit.launch;
