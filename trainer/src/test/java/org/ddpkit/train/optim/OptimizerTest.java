package org.ddpkit.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known values from PyTorch's documented update rules, worked out by hand for one weight
 * (the derivations are in the comments), on parameters long enough to run both the vector loop
 * and the scalar tail.
 */
class OptimizerTest {
    /** 37 copies of the same weight: 32 in vector lanes, 5 in the scalar tail. */
    private static Parameter param(float w) {
        float[] v = new float[37];
        java.util.Arrays.fill(v, w);
        return new Parameter(Tensor.of(v, 37));
    }

    private static float[] run(Function<List<Parameter>, Optimizer> make, float w0, float[] grads) {
        Parameter p = param(w0);
        Optimizer opt = make.apply(List.of(p));
        float[] out = new float[grads.length];
        for (int s = 0; s < grads.length; s++) {
            p.grad().fill(grads[s]);
            opt.step();
            float[] v = p.data().toArray();
            for (float x : v) {
                assertEquals(v[0], x, 0f, "every element (vector lanes and scalar tail) updates alike");
            }
            out[s] = v[0];
        }
        return out;
    }

    static Stream<Arguments> knownValues() {
        return Stream.of(
                // SGD lr .1, momentum .9, wd .01, g = .5: d1 = .5+.01·1 = .51, buf = .51, w = 1−.051 = .949;
                // d2 = .5+.01·.949 = .50949, buf = .9·.51+.50949 = .96849, w = .949−.096849 = .852151;
                // d3 = .50852151, buf = .9·.96849+d3 = 1.38016251, w = .714134749
                Arguments.of("sgd momentum+wd", (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps, 0.1, 0.9, 0.01),
                        1f, new float[] {.5f, .5f, .5f}, new float[] {0.949f, 0.852151f, 0.714134749f}),
                // Nesterov lr .1, μ .9: buf = .5, d = .5+.45 = .95, w = .905; buf = .45+.5 = .95, d = .5+.855, w = .7695
                Arguments.of("sgd nesterov", (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps, 0.1, 0.9, 0, 0, true),
                        1f, new float[] {.5f, .5f}, new float[] {0.905f, 0.7695f}),
                // dampening .5: the first step copies g (buf = .5, w = .95); then buf = .45+.25 = .7, w = .88
                Arguments.of("sgd dampening", (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps, 0.1, 0.9, 0.5, 0, false),
                        1f, new float[] {.5f, .5f}, new float[] {0.95f, 0.88f}),
                // plain SGD: w − lr·g
                Arguments.of("sgd plain", (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps, 0.5),
                        2f, new float[] {1f, -2f}, new float[] {1.5f, 2.5f}),
                // Adam with a constant gradient: m̂ = g and v̂ = g², so every step moves lr·g/(|g|+ε) ≈ lr
                Arguments.of("adam constant", (Function<List<Parameter>, Optimizer>) ps -> new Adam(ps, 0.1),
                        1f, new float[] {.5f, .5f, .5f}, new float[] {0.9f, 0.8f, 0.7f}),
                // Adam lr .01, g = 1 then −1: t1 m̂ = 1, v̂ = 1, w = −.01; t2 m = .1+.1(−1−.1) = −.01,
                // v = .999·.001+.001 = .001999, m̂ = −.01/.19, v̂ = 1, w = −.01+.01/19 = −.0094736842
                Arguments.of("adam sign change", (Function<List<Parameter>, Optimizer>) ps -> new Adam(ps, 0.01),
                        0f, new float[] {1f, -1f}, new float[] {-0.01f, -0.0094736842f}),
                // Adadelta lr 1, ρ .9, ε 1e-6, g = .5: sq = .025, δ = √1e-6/√.025001·.5 = .0031622144, w = .9968377856;
                // acc = .1·δ², sq = .0475, δ = √(acc+1e-6)/√.047501·.5 = .0032443618, w = .9935934238
                Arguments.of("adadelta", (Function<List<Parameter>, Optimizer>) ps -> new Adadelta(ps, 1.0),
                        1f, new float[] {.5f, .5f}, new float[] {0.9968377856f, 0.9935934238f}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownValues")
    void updatesFollowPytorchsFormulas(String name, Function<List<Parameter>, Optimizer> make, float w0, float[] grads, float[] expected) {
        float[] got = run(make, w0, grads);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 2e-6f * Math.max(1f, Math.abs(expected[i])), name + " step " + (i + 1));
        }
    }

    @Test
    void stepLrDecaysEveryStepSizeEpochs() {
        Optimizer opt = new Adadelta(List.of(param(1)), 1.0);
        StepLr sched = new StepLr(opt, 2, 0.7);
        double[] lrs = new double[5];
        for (int e = 0; e < 5; e++) {
            lrs[e] = opt.lr();
            sched.step();
        }
        assertArrayEquals(new double[] {1.0, 1.0, 0.7, 0.7, 0.49}, lrs, 1e-12);
        assertEquals(5, sched.lastEpoch());
    }

    /** Capturing the state and restoring it replays the following steps bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("knownValues")
    void stateRestoresExactly(String name, Function<List<Parameter>, Optimizer> make) {
        Generator g = new Generator(name.hashCode());
        Parameter p = new Parameter(Tensor.zeros(70_000));
        Generator init = new Generator(1);
        init.fillUniform(p.data().data(), 0, p.size(), -1f, 1f);
        Optimizer opt = make.apply(List.of(p));
        try (ComputePool pool = ComputePool.create(2)) {
            opt.setComputePool(pool);
            float[][] grads = new float[5][p.size()];
            for (float[] gr : grads) {
                g.fillUniform(gr, 0, gr.length, -1f, 1f);
            }
            for (int s = 0; s < 2; s++) {
                System.arraycopy(grads[s], 0, p.grad().data(), 0, p.size());
                opt.step();
            }
            OptimizerState saved = opt.state();
            float[] w = p.data().toArray();
            for (int s = 2; s < 5; s++) {
                System.arraycopy(grads[s], 0, p.grad().data(), 0, p.size());
                opt.step();
            }
            float[] end = p.data().toArray();
            opt.loadState(saved);
            System.arraycopy(w, 0, p.data().data(), 0, w.length);
            opt.setComputePool(org.ddpkit.train.kernels.ComputePool.serial());
            for (int s = 2; s < 5; s++) {
                System.arraycopy(grads[s], 0, p.grad().data(), 0, p.size());
                opt.step();
            }
            assertArrayEquals(end, p.data().toArray(), name + ": resumed (on 1 thread) differs from uninterrupted (on 2)");
            assertEquals(5, opt.stepCount());
        }
    }

    @Test
    void badSettingsAreRejected() {
        List<Parameter> ps = List.of(param(1));
        assertEquals("Invalid lr: -1.0", assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adadelta(ps, 1, 1.5, 1e-6, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 0.1));
    }
}
