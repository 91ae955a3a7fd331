package org.ddpkit.train.perf;

import java.util.List;

/**
 * What {@code train-perf} measures.
 *
 * @param model   "cnn" or "toy"
 * @param batch   samples per step
 * @param threads compute threads
 * @param steps   timed steps
 * @param warmup  untimed steps first (the JIT needs 40–100)
 * @param seed    seed of weights and data
 */
public record PerfOptions(String model, int batch, int threads, int steps, int warmup, long seed) {
    public static final String USAGE = "usage: train-perf [--model cnn|toy] [--batch N] [--threads T] [--steps N] [--warmup W] [--seed S]";

    public PerfOptions {
        if (!model.equals("cnn") && !model.equals("toy")) {
            throw new IllegalArgumentException("--model: must be cnn or toy, got \"" + model + "\"");
        }
        atLeast("--batch", batch, 1);
        atLeast("--threads", threads, 1);
        atLeast("--steps", steps, 1);
        atLeast("--warmup", warmup, 0);
    }

    private static void atLeast(String flag, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(flag + ": must be ≥ " + min + ", got \"" + v + "\"");
        }
    }

    /** Parses the command line; defaults: cnn, batch 64, 1 thread, 100 steps, 50 warm-up, seed 1. */
    public static PerfOptions parse(List<String> args) throws UsageException {
        Flags f = Flags.parse(args, List.of("--model", "--batch", "--threads", "--steps", "--warmup", "--seed"), USAGE);
        try {
            return new PerfOptions(f.string("--model", "cnn"), f.integer("--batch", 64), f.integer("--threads", 1),
                    f.integer("--steps", 100), f.integer("--warmup", 50), f.integer("--seed", 1));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
