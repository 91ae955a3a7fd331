/**
 * From configuration and environment to a {@link org.ddpkit.launch.plan.LaunchPlan}: the mode,
 * the node list, the master address and port, and each local worker's env. Pure functions of
 * their inputs (the environment arrives as a {@code Map}, facts about this host through
 * {@link org.ddpkit.launch.plan.HostInfo}), so tests pass literal values.
 */
package org.ddpkit.launch.plan;
