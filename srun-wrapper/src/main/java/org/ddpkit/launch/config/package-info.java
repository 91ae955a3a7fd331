/**
 * The wrapper's configuration as validated records, built by {@code org.ddpkit.launch.cli} from
 * the command line and read by the planner and the agent (which never see the parser).
 */
package org.ddpkit.launch.config;
