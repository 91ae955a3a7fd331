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
        String model = "cnn";
        int batch = 64, threads = 1, steps = 100, warmup = 50;
        long seed = 1;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(flag + ": needs a value (" + USAGE + ")");
            }
            String v = args.get(++i);
            switch (flag) {
                case "--model" -> model = v;
                case "--batch" -> batch = integer(flag, v);
                case "--threads" -> threads = integer(flag, v);
                case "--steps" -> steps = integer(flag, v);
                case "--warmup" -> warmup = integer(flag, v);
                case "--seed" -> seed = integer(flag, v);
                default -> throw new UsageException("unknown flag \"" + flag + "\" (" + USAGE + ")");
            }
        }
        try {
            return new PerfOptions(model, batch, threads, steps, warmup, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int integer(String flag, String v) throws UsageException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be an integer, got \"" + v + "\"");
        }
    }
}
