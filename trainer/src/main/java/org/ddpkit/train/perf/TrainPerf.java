package org.ddpkit.train.perf;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
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
 * {@code train-perf}: times full training steps (forward, loss, backward, optimizer) of the
 * CNN (Adadelta, as in the demo) or the ToyModel (SGD) on fixed synthetic batches, and ends
 * with {@code samples_per_s=X step_ms=Y gflops=Z} computed from the median step time.
 */
public final class TrainPerf {
    private TrainPerf() {}

    public static void main(String[] args) {
        try {
            PerfOptions opts = PerfOptions.parse(List.of(args));
            run(opts, System.out);
        } catch (UsageException e) {
            System.err.println("train-perf: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** Runs the measurement and prints the report. */
    public static PerfResult run(PerfOptions o, PrintStream out) {
        Generator g = new Generator(o.seed());
        boolean cnn = o.model().equals("cnn");
        Module model = cnn ? new MnistCnn(g) : new ToyModel(g);
        try (ComputePool pool = ComputePool.create(o.threads())) {
            model.setComputePool(pool);
            Optimizer opt = cnn ? new Adadelta(model.parameters(), 1.0) : new Sgd(model.parameters(), 0.001);
            opt.setComputePool(pool);
            Generator data = new Generator(o.seed() + 1);
            Tensor x = cnn ? Tensor.zeros(o.batch(), 1, 28, 28) : Tensor.zeros(o.batch(), ToyModel.IN);
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = data.nextGaussian();
            }
            int[] labels = new int[o.batch()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.nextInt(10);
            }
            Tensor target = Tensor.zeros(o.batch(), ToyModel.OUT);
            for (int i = 0; i < target.size(); i++) {
                target.data()[i] = data.nextGaussian();
            }
            NllLoss nll = new NllLoss();
            MseLoss mse = new MseLoss();
            out.printf("train-perf: model %s (%,d parameters), batch %d, %d thread(s), %d warm-up + %d timed steps%n",
                    o.model(), model.parameterCount(), o.batch(), o.threads(), o.warmup(), o.steps());
            long[] times = new long[o.steps()];
            float loss = 0;
            for (int s = -o.warmup(); s < o.steps(); s++) {
                long t0 = System.nanoTime();
                opt.zeroGrad();
                Tensor y = model.forward(x);
                if (cnn) {
                    loss = nll.forward(y, labels);
                    model.backward(nll.backward(), false);
                } else {
                    loss = mse.forward(y, target);
                    model.backward(mse.backward(), false);
                }
                opt.step();
                long dt = System.nanoTime() - t0;
                if (s >= 0) {
                    times[s] = dt;
                }
            }
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            double medianMs = sorted[sorted.length / 2] / 1e6;
            double bestMs = sorted[0] / 1e6;
            double meanMs = Arrays.stream(times).average().orElse(0) / 1e6;
            long flopsPerSample = cnn ? MnistCnn.TRAIN_FLOPS : 3L * 2 * (10 * 10 + 10 * 5);
            double samplesPerS = o.batch() / (medianMs / 1e3);
            double gflops = samplesPerS * flopsPerSample / 1e9;
            long peakHeap = peakHeapUsed();
            out.printf("step time: median %.2f ms, best %.2f ms, mean %.2f ms; last loss %.4f%n", medianMs, bestMs, meanMs, loss);
            out.printf("heap: peak used %.1f MB (max heap %.0f MB)%n", peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
            out.printf("samples_per_s=%.1f step_ms=%.3f gflops=%.2f%n", samplesPerS, medianMs, gflops);
            return new PerfResult(samplesPerS, medianMs, gflops, peakHeap);
        }
    }

    /** Sum of the heap pools' peak usage since the JVM started. */
    static long peakHeapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
