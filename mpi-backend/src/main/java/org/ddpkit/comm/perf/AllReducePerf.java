package org.ddpkit.comm.perf;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;
import org.ddpkit.comm.ReduceOp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/allreduce-perf}: times all-reduce over a range of sizes on every rank of a world
 * given by the env contract, and prints nccl-tests' columns on rank 0. After an untimed pass over
 * all sizes (see {@link #warmUp}), each size gets its own warm-up, then timed iterations. The
 * time of a size is the slowest rank's mean over the timed iterations (System.nanoTime, not MPJ's 1 s Wtime);
 * algbw = bytes / time, busbw = algbw · 2(n-1)/n. With -c 1 it then runs once more on known
 * values and counts wrong elements across ranks.
 */
public final class AllReducePerf {
    private final ProcessGroup pg;
    private final PerfOptions o;
    private final DistEnv env;
    private final PrintStream out;

    private AllReducePerf(ProcessGroup pg, PerfOptions o, DistEnv env, PrintStream out) {
        this.pg = pg;
        this.o = o;
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** The whole tool, with the process environment passed in; returns the exit code. */
    public static int run(List<String> args, Map<String, String> processEnv, PrintStream out, PrintStream err) {
        PerfOptions o;
        try {
            o = PerfCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("allreduce-perf: " + e.getMessage() + "\nusage: " + PerfCommandLine.USAGE);
            return ExitCodes.USAGE;
        }
        if (o == null) {
            out.print(PerfCommandLine.help());
            return 0;
        }
        try {
            DistEnv env = DistEnv.fromEnv(processEnv);
            try (ProcessGroup pg = ProcessGroups.init(env, o.backend(), o.groupOptions(), processEnv)) {
                long wrong = new AllReducePerf(pg, o, env, out).sweep();
                return wrong == 0 ? 0 : 1;
            }
        } catch (CommException e) {
            err.println("allreduce-perf: rank " + processEnv.getOrDefault("RANK", "?") + ": " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("allreduce-perf: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
    }

    private long sweep() throws IOException {
        boolean lead = pg.rank() == 0;
        String label = o.label() != null ? o.label() : o.backend() + "-" + pg.size() + "ranks";
        if (lead) {
            out.printf("# ddpkit allreduce-perf: backend %s, %d ranks (%d on rank 0's node), %s, warm-up %d, "
                            + "iterations %d, check %s%n", o.backend(), pg.size(), env.localWorldSize(),
                    o.direct() ? "direct FloatBuffer" : "float[]", o.warmup(), o.iters(), o.check() ? "on" : "off");
            out.printf("#%12s %13s %9s %7s %11s %8s %8s %7s%n", "size", "count", "type", "redop", "time", "algbw",
                    "busbw", "#wrong");
            out.printf("#%12s %13s %9s %7s %11s %8s %8s %7s%n", "(B)", "(elements)", "", "", "(us)", "(GB/s)",
                    "(GB/s)", "");
        }
        int maxCount = (int) (o.maxBytes() / 4);
        FloatBuffer direct = o.direct()
                ? ByteBuffer.allocateDirect(maxCount * 4).order(ByteOrder.nativeOrder()).asFloatBuffer() : null;
        warmUp(direct);
        long totalWrong = 0;
        double busSum = 0;
        int rows = 0;
        for (long bytes = o.minBytes(); bytes <= o.maxBytes(); bytes *= o.factor()) {
            int count = (int) (bytes / 4);
            float[] array = o.direct() ? null : new float[count];
            fill(array, direct, count);
            for (int i = 0; i < o.warmup(); i++) {
                reduce(array, direct, count);
            }
            pg.barrier();
            long t0 = System.nanoTime();
            for (int i = 0; i < o.iters(); i++) {
                reduce(array, direct, count);
            }
            double us = (System.nanoTime() - t0) / 1e3 / o.iters();
            us = slowest((float) us);
            long wrong = o.check() ? check(array, direct, count) : 0;
            totalWrong += wrong;
            double algbw = bytes / us / 1e3;
            double busbw = algbw * 2.0 * (pg.size() - 1) / pg.size();
            busSum += busbw;
            rows++;
            if (lead) {
                out.printf(" %12d %13d %9s %7s %11.1f %8.3f %8.3f %7s%n", bytes, count, "float", o.op().label(), us,
                        algbw, busbw, o.check() ? Long.toString(wrong) : "N/A");
                out.flush();
                if (o.csv() != null) {
                    Files.writeString(o.csv(), String.format("%s,%d,%.1f,%.4f,%.4f,%d%n", label, bytes, us, algbw, busbw,
                            wrong), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
        if (lead) {
            out.printf("# Out of bounds values : %d %s%n", totalWrong, totalWrong == 0 ? "OK" : "WRONG");
            out.printf("# Avg bus bandwidth    : %.3f%n", rows == 0 ? 0 : busSum / rows);
        }
        return totalWrong;
    }

    /**
     * Before timing anything, {@code -w} iterations at every size of the sweep (nccl-tests warms
     * up at the largest size only): the JIT compiles each size's code paths here, so no size is
     * timed while a method runs deoptimized, which with the Vector API costs milliseconds.
     */
    private void warmUp(FloatBuffer direct) {
        for (long bytes = o.minBytes(); bytes <= o.maxBytes(); bytes *= o.factor()) {
            int count = (int) (bytes / 4);
            float[] array = o.direct() ? null : new float[count];
            fill(array, direct, count);
            for (int i = 0; i < o.warmup(); i++) {
                reduce(array, direct, count);
            }
        }
    }

    /**
     * The largest of every rank's {@code value}, through all-gather rather than a MAX all-reduce:
     * switching the reduce loops between ops would make the JIT recompile them mid-sweep.
     */
    private float slowest(float value) {
        float[] all = new float[pg.size()];
        pg.allGather(new float[] {value}, all);
        float max = value;
        for (float v : all) {
            max = Math.max(max, v);
        }
        return max;
    }

    private void reduce(float[] array, FloatBuffer direct, int count) {
        if (array != null) {
            pg.allReduce(array, o.op());
        } else {
            pg.allReduce(direct.limit(count).position(0), o.op());
        }
    }

    private void fill(float[] array, FloatBuffer direct, int count) {
        if (direct != null) {
            direct.clear(); // the last reduce left the limit at the previous, smaller size
        }
        for (int i = 0; i < count; i++) {
            float v = value(pg.rank(), i);
            if (array != null) {
                array[i] = v;
            } else {
                direct.put(i, v);
            }
        }
    }

    /** Multiples of 1/8 in [-6, 6]: their sums are exact, so the check can demand equality. */
    static float value(int rank, int i) {
        return (((rank * 31L + i * 7L) % 97) - 48) / 8f;
    }

    private long check(float[] array, FloatBuffer direct, int count) {
        fill(array, direct, count);
        reduce(array, direct, count);
        long wrong = 0;
        for (int i = 0; i < count; i++) {
            float got = array != null ? array[i] : direct.get(i);
            if (Float.compare(got, expected(i)) != 0) {
                wrong++;
            }
        }
        float[] all = new float[pg.size()];
        pg.allGather(new float[] {wrong}, all);
        long sum = 0;
        for (float v : all) {
            sum += (long) v;
        }
        return sum;
    }

    private float expected(int i) {
        float acc = value(0, i);
        for (int r = 1; r < pg.size(); r++) {
            float v = value(r, i);
            acc = switch (o.op()) {
                case SUM, AVG -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return o.op() == ReduceOp.AVG ? acc / pg.size() : acc;
    }
}
