package org.ddpkit.train.ddp.perf;

import java.util.List;

/**
 * The options of {@link DdpPerf}, validated.
 *
 * @param model   {@code cnn} or {@code toy}
 * @param batch   samples per rank per step
 * @param threads compute threads per rank
 * @param steps   timed steps per variant
 * @param warmup  untimed steps per variant first
 * @param block   steps of one variant before switching to the next (variants interleave so that
 *                the machine's noise hits all alike)
 * @param backend process-group backend
 */
public record DdpPerfOptions(String model, int batch, int threads, int steps, int warmup, int block, String backend) {
    public DdpPerfOptions {
        if (!model.equals("cnn") && !model.equals("toy")) {
            throw new IllegalArgumentException("--model: must be cnn or toy, got \"" + model + "\"");
        }
        atLeast("--batch", batch, 1);
        atLeast("--threads", threads, 1);
        atLeast("--steps", steps, 1);
        atLeast("--warmup", warmup, 0);
        atLeast("--block", block, 1);
    }

    private static void atLeast(String flag, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(flag + ": must be ≥ " + min + ", got \"" + v + "\"");
        }
    }

    public static DdpPerfOptions defaults() {
        return new DdpPerfOptions("cnn", 64, 1, 60, 20, 5, "cpu");
    }

    /** Parses {@code --flag value} pairs over {@link #defaults()}. */
    public static DdpPerfOptions parse(List<String> args) {
        String model = "cnn", backend = "cpu";
        DdpPerfOptions d = defaults();
        int batch = d.batch, threads = d.threads, steps = d.steps, warmup = d.warmup, block = d.block;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + ": needs a value");
            }
            String v = args.get(++i);
            switch (flag) {
                case "--model" -> model = v;
                case "--backend" -> backend = v;
                case "--batch" -> batch = integer(flag, v);
                case "--threads" -> threads = integer(flag, v);
                case "--steps" -> steps = integer(flag, v);
                case "--warmup" -> warmup = integer(flag, v);
                case "--block" -> block = integer(flag, v);
                default -> throw new IllegalArgumentException("unknown option \"" + flag
                        + "\"; known: --model, --batch, --threads, --steps, --warmup, --block, --backend");
            }
        }
        return new DdpPerfOptions(model, batch, threads, steps, warmup, block, backend);
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": must be an integer, got \"" + v + "\"");
        }
    }
}
