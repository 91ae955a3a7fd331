package org.ddpkit.launch.plan;

/**
 * The plan of each attempt: the same node layout every time under SLURM and standalone, a new
 * rendezvous round in rendezvous mode. Attempt {@code n} is the {@code n}-th restart
 * (DDPKIT_RESTART_COUNT), 0 for the first start.
 */
@FunctionalInterface
public interface PlanSource {
    LaunchPlan forAttempt(int restartCount);
}
