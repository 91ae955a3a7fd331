/**
 * The agent: starts the local worker group of a {@link org.ddpkit.launch.plan.LaunchPlan}
 * through Apache Commons Exec, passes its output on, forwards signals, stops the group when a
 * worker fails, restarts it, and reports failures in a fixed shape.
 */
package org.ddpkit.launch.agent;
