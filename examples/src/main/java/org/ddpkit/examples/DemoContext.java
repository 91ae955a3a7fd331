package org.ddpkit.examples;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a demo gets from {@link Main}: the process environment (read once, at the edge; tests pass
 * literal maps) and the streams to print on.
 *
 * @param env the environment, including the env contract of srun-wrapper (RANK, WORLD_SIZE, ...)
 * @param out standard output: the lines the PyTorch originals print
 * @param err      standard error: notes and progress
 * @param terminal whether the process runs on a terminal (progress bars) or not (batch logs, pipes)
 */
public record DemoContext(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    public DemoContext {
        env = Map.copyOf(env);
    }
}
