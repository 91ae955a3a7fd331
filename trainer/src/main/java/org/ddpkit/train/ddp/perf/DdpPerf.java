package org.ddpkit.train.ddp.perf;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.train.ddp.DdpOptions;
import org.ddpkit.train.ddp.DistributedDataParallel;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.models.MnistCnn;
import org.ddpkit.train.models.ToyModel;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.Optimizer;
import org.ddpkit.train.optim.Sgd;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * {@code ddp-perf}, one rank of it (start it under srun-wrapper): times training steps of three
 * replicas of the model, interleaved block by block so that the machine's noise hits all alike:
 * <ul>
 *   <li>{@code local}: the bare model, no communication (the floor);
 *   <li>{@code overlap}: DDP, each bucket all-reduced as soon as backward has filled it;
 *   <li>{@code no-overlap}: DDP, every bucket all-reduced after backward.
 * </ul>
 * Each step's backward is timed in two parts: the model's backward (during which the hooks
 * start buckets) and the wait for the gradients after it. It also times one all-reduce of the
 * gradients alone. Rank 0 ends with the line
 * {@code local_ms=A overlap_ms=B no_overlap_ms=C allreduce_ms=D hidden_pct=E}, medians of the
 * step times; {@code hidden_pct} is the share of the no-overlap run's communication time
 * ({@code C − A}) that overlapping hid ({@code (C − B) / (C − A)}).
 */
public final class DdpPerf {
    private DdpPerf() {}

    public static void main(String[] args) {
        DdpPerfOptions o;
        try {
            o = DdpPerfOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ddp-perf: " + e.getMessage());
            System.exit(64);
            return;
        }
        try (ProcessGroup group = ProcessGroups.init(DistEnv.fromEnv(System.getenv()), o.backend(), GroupOptions.defaults(),
                System.getenv()); ComputePool pool = ComputePool.create(o.threads())) {
            run(o, group, pool, group.rank() == 0 ? System.out : new PrintStream(PrintStream.nullOutputStream()));
        } catch (CommException e) {
            System.err.println("ddp-perf: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** The step times of one replica, and of its parts: backward's compute, and the wait for the gradients after it. */
    private static final class Variant {
        final String name;
        final Module model;
        final Optimizer optimizer;
        final long[] times;
        final long[] backward;
        final long[] sync;
        int done;

        Variant(String name, Module model, Optimizer optimizer, int steps) {
            this.name = name;
            this.model = model;
            this.optimizer = optimizer;
            this.times = new long[steps];
            this.backward = new long[steps];
            this.sync = new long[steps];
        }

        double medianMs() {
            return median(times);
        }

        static double median(long[] t) {
            long[] s = t.clone();
            Arrays.sort(s);
            return s[s.length / 2] / 1e6;
        }
    }

    static void run(DdpPerfOptions o, ProcessGroup group, ComputePool pool, PrintStream out) {
        boolean cnn = o.model().equals("cnn");
        Generator data = new Generator(1234 + group.rank());
        Tensor x = cnn ? Tensor.zeros(o.batch(), 1, 28, 28) : Tensor.zeros(o.batch(), ToyModel.IN);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = data.nextGaussian();
        }
        int[] labels = new int[o.batch()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.nextInt(10);
        }
        Tensor target = Tensor.zeros(o.batch(), ToyModel.OUT);
        NllLoss nll = new NllLoss();
        MseLoss mse = new MseLoss();

        Variant[] variants = {
            variant("local", bare(cnn), cnn, pool, o),
            variant("overlap", new DistributedDataParallel(bare(cnn), group, DdpOptions.defaults()), cnn, pool, o),
            variant("no-overlap", new DistributedDataParallel(bare(cnn), group, DdpOptions.defaults().withOverlap(false)), cnn, pool, o),
        };
        DistributedDataParallel probe = (DistributedDataParallel) variants[1].model;
        out.printf("ddp-perf: model %s (%,d parameters), %d ranks (%s), batch %d per rank, %d thread(s) per rank, "
                        + "buckets %s floats, %d warm-up + %d timed steps per variant in blocks of %d%n",
                o.model(), probe.module().parameterCount(), group.size(), group.backend(), o.batch(), o.threads(),
                probe.bucketSizes(), o.warmup(), o.steps(), o.block());
        int total = o.warmup() + o.steps();
        for (int first = 0; first < total; first += o.block()) {
            for (Variant v : variants) {
                for (int s = first; s < Math.min(total, first + o.block()); s++) {
                    long t0 = System.nanoTime();
                    v.optimizer.zeroGrad();
                    Tensor y = v.model.forward(x);
                    Tensor g;
                    if (cnn) {
                        nll.forward(y, labels);
                        g = nll.backward();
                    } else {
                        mse.forward(y, target);
                        g = mse.backward();
                    }
                    // backward of the model itself (the hooks start buckets), then the wait for the rest
                    DistributedDataParallel ddp = v.model instanceof DistributedDataParallel d ? d : null;
                    long b0 = System.nanoTime();
                    (ddp != null ? ddp.module() : v.model).backward(g, false);
                    long b1 = System.nanoTime();
                    if (ddp != null) {
                        ddp.finishGradSync();
                    }
                    long b2 = System.nanoTime();
                    v.optimizer.step();
                    long dt = System.nanoTime() - t0;
                    if (s >= o.warmup()) {
                        v.backward[v.done] = b1 - b0;
                        v.sync[v.done] = b2 - b1;
                        v.times[v.done++] = dt;
                    }
                }
            }
        }
        double allReduce = allReduceMs(group, (int) probe.module().parameterCount(), o.steps());
        for (Variant v : variants) {
            out.printf("%-11s step time: median %.2f ms (backward compute %.2f ms, then waiting for gradients %.2f ms)%n",
                    v.name, v.medianMs(), Variant.median(v.backward), Variant.median(v.sync));
        }
        out.printf("all-reduce of all %,d gradients alone: median %.2f ms%n", probe.module().parameterCount(), allReduce);
        double local = variants[0].medianMs(), overlap = variants[1].medianMs(), none = variants[2].medianMs();
        double hidden = none > local ? 100 * (none - overlap) / (none - local) : 0;
        out.printf("local_ms=%.2f overlap_ms=%.2f no_overlap_ms=%.2f allreduce_ms=%.2f hidden_pct=%.0f%n",
                local, overlap, none, allReduce, hidden);
        for (Variant v : variants) {
            if (v.model instanceof DistributedDataParallel d) {
                d.close();
            }
        }
    }

    private static Module bare(boolean cnn) {
        Generator g = new Generator(7);
        return cnn ? new MnistCnn(g) : new ToyModel(g);
    }

    private static Variant variant(String name, Module m, boolean cnn, ComputePool pool, DdpPerfOptions o) {
        m.setComputePool(pool);
        Optimizer opt = cnn ? new Adadelta(m.parameters(), 1.0) : new Sgd(m.parameters(), 0.001);
        opt.setComputePool(pool);
        return new Variant(name, m, opt, o.steps());
    }

    private static double allReduceMs(ProcessGroup group, int floats, int reps) {
        float[] buf = new float[floats];
        long[] t = new long[Math.max(5, reps / 4)];
        group.barrier();
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            group.allReduce(buf, ReduceOp.AVG);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[t.length / 2] / 1e6;
    }
}
