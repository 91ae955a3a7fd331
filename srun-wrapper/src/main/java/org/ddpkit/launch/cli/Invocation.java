package org.ddpkit.launch.cli;

import org.ddpkit.launch.config.LaunchConfig;

/** What the command line asks for: run workers, or print help or the version. */
public sealed interface Invocation {
    record Run(LaunchConfig config) implements Invocation {}

    record Help(String text) implements Invocation {}

    record Version() implements Invocation {}
}
