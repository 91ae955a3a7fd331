package org.ddpkit.train.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.loss.MseLoss;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.optim.Adadelta;
import org.ddpkit.train.optim.Adam;
import org.ddpkit.train.optim.Optimizer;
import org.ddpkit.train.optim.Sgd;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole models training: overfitting a batch, and bit-for-bit reproducibility. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrainingTest {
    @Test
    void cnnOverfitsASmallBatch() {
        Generator g = new Generator(10);
        MnistCnn m = new MnistCnn(g);
        m.eval();
        Tensor x = images(g, 16);
        int[] labels = labels(g, 16);
        Optimizer opt = new Adam(m.parameters(), 1e-3);
        NllLoss nll = new NllLoss();
        float first = 0, loss = 0;
        for (int step = 0; step < 60; step++) {
            opt.zeroGrad();
            loss = nll.forward(m.forward(x), labels);
            if (step == 0) {
                first = loss;
            }
            m.backward(nll.backward(), false);
            opt.step();
        }
        assertTrue(first > 1.5, "random labels start near log(10), got " + first);
        assertTrue(loss < 1e-3, "loss after 60 Adam steps on 16 samples: " + loss);
    }

    @Test
    void toyModelFitsWithSgd() {
        Generator g = new Generator(11);
        ToyModel m = new ToyModel(g);
        Tensor x = Tensor.zeros(20, 10), t = Tensor.zeros(20, 5);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = g.nextGaussian();
        }
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = g.nextGaussian() * 0.1f;
        }
        Sgd opt = new Sgd(m.parameters(), 0.05, 0.9, 0);
        MseLoss mse = new MseLoss();
        float first = mse.forward(m.forward(x), t), loss = first;
        for (int step = 0; step < 300; step++) {
            opt.zeroGrad();
            loss = mse.forward(m.forward(x), t);
            m.backward(mse.backward(), false);
            opt.step();
        }
        assertTrue(loss < first / 10, "MSE " + first + " → " + loss);
    }

    /**
     * Once the JIT has compiled the kernels (the Vector API allocates a box per operation until
     * then), a training step allocates only a few small objects: buffers are reused. Checked in
     * a fresh JVM ({@link AllocationProbe}), where no other test's shapes have shaped the JIT's
     * profiles.
     */
    @Test
    void aWarmTrainingStepAllocatesAlmostNothing() throws Exception {
        java.nio.file.Path out = java.nio.file.Files.createTempFile("allocation-probe", ".txt");
        try {
            Process p = new ProcessBuilder(org.ddpkit.testkit.JavaCommand.of(AllocationProbe.class))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the probe finished");
            String text = java.nio.file.Files.readString(out);
            assertEquals(0, p.exitValue(), text);
            long least = Long.parseLong(text.lines().filter(l -> l.startsWith("least=")).findFirst().orElseThrow().substring(6));
            assertTrue(least <= 16_384, "fewest bytes allocated by one warm step: " + least);
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    /** The same seed gives the same bits, on any number of threads. */
    @ParameterizedTest(name = "{0} thread(s) against 1")
    @ValueSource(ints = {1, 2, 3})
    void sameSeedGivesBitIdenticalTraining(int threads) {
        List<float[]> a = trainCnn(1, 21);
        List<float[]> b = trainCnn(threads, 21);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).length, b.get(i).length);
            for (int j = 0; j < a.get(i).length; j++) {
                if (Float.floatToRawIntBits(a.get(i)[j]) != Float.floatToRawIntBits(b.get(i)[j])) {
                    throw new AssertionError("parameter " + i + "[" + j + "] differs: " + a.get(i)[j] + " vs " + b.get(i)[j]);
                }
            }
        }
        List<float[]> other = trainCnn(threads, 22);
        assertTrue(differs(a, other), "a different seed must give different parameters");
    }

    /** Three Adadelta steps in training mode (dropout on), batches of 32; returns the parameters. */
    private static List<float[]> trainCnn(int threads, long seed) {
        Generator g = new Generator(seed);
        MnistCnn m = new MnistCnn(g);
        try (ComputePool pool = ComputePool.create(threads)) {
            m.setComputePool(pool);
            Optimizer opt = new Adadelta(m.parameters(), 1.0);
            opt.setComputePool(pool);
            NllLoss nll = new NllLoss();
            Generator data = new Generator(seed + 100);
            for (int step = 0; step < 3; step++) {
                Tensor x = images(data, 32);
                int[] y = labels(data, 32);
                opt.zeroGrad();
                nll.forward(m.forward(x), y);
                m.backward(nll.backward(), false);
                opt.step();
            }
        }
        List<float[]> out = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            out.add(p.data().toArray());
        }
        return out;
    }

    private static boolean differs(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return false;
    }

    static Tensor images(Generator g, int n) {
        Tensor x = Tensor.zeros(n, 1, 28, 28);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = g.nextGaussian();
        }
        return x;
    }

    static int[] labels(Generator g, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = g.nextInt(10);
        }
        return y;
    }
}
