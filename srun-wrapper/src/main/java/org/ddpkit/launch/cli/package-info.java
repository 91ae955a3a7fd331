/**
 * The command line: the option table (torchrun's flag names, with both {@code --a-b} and
 * {@code --a_b} spellings) and the parser that turns arguments into a
 * {@link org.ddpkit.launch.config.LaunchConfig}.
 */
package org.ddpkit.launch.cli;
