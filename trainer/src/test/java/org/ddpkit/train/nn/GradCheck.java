package org.ddpkit.train.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;

/**
 * Finite-difference gradient checks for modules: the scalar {@code f = Σ r·forward(x)} with a
 * fixed random {@code r}, its gradient from {@code backward(r)}, and central differences
 * {@code (f(θ+h) − f(θ−h)) / 2h} evaluated in double from the float outputs.
 */
final class GradCheck {
    private final Module module;
    private final Runnable beforeForward;
    private final double h;
    private final double tolerance;

    GradCheck(Module module, Runnable beforeForward, double h, double tolerance) {
        this.module = module;
        this.beforeForward = beforeForward;
        this.h = h;
        this.tolerance = tolerance;
    }

    GradCheck(Module module) {
        this(module, () -> { }, 1e-2, 2e-3);
    }

    /** Checks the input gradient at up to {@code samples} entries and each parameter likewise; returns checks made. */
    int check(Tensor x, int samples, long seed) {
        Generator g = new Generator(seed);
        beforeForward.run();
        Tensor y = module.forward(x);
        float[] r = new float[y.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = g.uniform(-1f, 1f);
        }
        Tensor rt = new Tensor(new float[r.length], 0, y.format(), y.shape());
        rt.copyFrom(Tensor.of(r, y.shape()));
        module.zeroGrad();
        Tensor gx = module.backward(rt, true);
        float[] inputGrad = gx.toArray();
        Map<String, Parameter> params = module.namedParameters();
        List<float[]> paramGrads = new ArrayList<>();
        params.values().forEach(p -> paramGrads.add(p.grad().toArray()));
        int checks = 0;
        int[] shape = x.shape();
        for (int k = 0; k < Math.min(samples, x.size()); k++) {
            int flat = samples >= x.size() ? k : g.nextInt(x.size());
            int at = x.index(unflatten(flat, shape));
            double num = numeric(x.data(), at, x, r);
            assertClose(num, inputGrad[flat], "input[" + flat + "]");
            checks++;
        }
        int pi = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor w = e.getValue().data();
            for (int k = 0; k < Math.min(samples, w.size()); k++) {
                int flat = samples >= w.size() ? k : g.nextInt(w.size());
                double num = numeric(w.data(), w.offset() + flat, x, r);
                assertClose(num, paramGrads.get(pi)[flat], e.getKey() + "[" + flat + "]");
                checks++;
            }
            pi++;
        }
        return checks;
    }

    private double numeric(float[] arr, int at, Tensor x, float[] r) {
        float saved = arr[at];
        arr[at] = (float) (saved + h);
        double plus = objective(x, r);
        arr[at] = (float) (saved - h);
        double minus = objective(x, r);
        arr[at] = saved;
        double step = (double) (float) (saved + h) - (double) (float) (saved - h);
        return (plus - minus) / step;
    }

    private double objective(Tensor x, float[] r) {
        beforeForward.run();
        float[] y = module.forward(x).toArray();
        double f = 0;
        for (int i = 0; i < y.length; i++) {
            f += (double) r[i] * y[i];
        }
        return f;
    }

    private void assertClose(double numeric, double analytic, String what) {
        double err = Math.abs(numeric - analytic);
        assertTrue(err <= tolerance * Math.max(1, Math.abs(numeric)),
                what + ": analytic " + analytic + " vs finite difference " + numeric);
    }

    static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /** A tensor of the given shape and format with uniform values in [-1, 1). */
    static Tensor random(Generator g, org.ddpkit.train.tensor.MemoryFormat format, int... shape) {
        float[] v = new float[Tensor.count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = g.uniform(-1f, 1f);
        }
        Tensor t = new Tensor(new float[v.length], 0, format, shape);
        t.copyFrom(Tensor.of(v, shape));
        return t;
    }

    /** Values spaced at least {@code gap} apart in random order (no ties, no kinks within h). */
    static Tensor spaced(Generator g, double gap, org.ddpkit.train.tensor.MemoryFormat format, int... shape) {
        int n = Tensor.count(shape);
        int[] perm = g.permutation(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((perm[i] - n / 2.0 + 0.5) * gap);
        }
        Tensor t = new Tensor(new float[n], 0, format, shape);
        t.copyFrom(Tensor.of(v, shape));
        return t;
    }

    static void assertSameBits(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what + ": lengths");
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(what + "[" + i + "]: " + a[i] + " vs " + b[i]);
            }
        }
    }
}
