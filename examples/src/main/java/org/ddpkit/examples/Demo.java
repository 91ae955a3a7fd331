package org.ddpkit.examples;

import java.util.List;

/** One {@code ddp-example NAME}: parses its own options and runs; returns the exit code. */
public interface Demo {
    /** The name on the command line. */
    String name();

    /** One line for {@code ddp-example --help}. */
    String summary();

    /** The demo's options, for {@code ddp-example NAME --help}. */
    String usage();

    /**
     * Runs the demo. Failures are thrown (usage errors, the process group's, bad files) and
     * turned into one line and an exit code by {@link Main}.
     */
    int run(List<String> args, DemoContext ctx) throws Exception;
}
