package org.ddpkit.train.nn;

import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.kernels.Gemm;
import org.ddpkit.train.kernels.VectorOps;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * {@code y = x·Wᵀ + b} for {@code x: [N, in]}, {@code W: [out, in]} (PyTorch's layout),
 * {@code b: [out]}. The forward computes {@code yᵀ = W·xᵀ} (the batch is the vector
 * dimension), blocked over {@code in}; both gradients run as strided GEMMs on W and x as they
 * are. Work is split over output rows (forward) and input columns (backward), so results do
 * not depend on the thread count.
 */
public final class Linear extends Module implements FusesRelu {
    private static final int K_BLOCK = 128;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final Workspace xT = new Workspace();
    private final Workspace yT = new Workspace();
    private final Workspace y = new Workspace();
    private final Workspace gMasked = new Workspace();
    private final Workspace dx = new Workspace();
    private Tensor lastInput;
    private Tensor lastOutput;
    private boolean lastRelu;

    public Linear(int in, int out, boolean bias, Generator g) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): sizes must be ≥ 1");
        }
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Tensor.zeros(out, in));
        Init.kaimingUniform(weight.data(), in, g);
        if (bias) {
            this.bias = registerParameter("bias", Tensor.zeros(out));
            Init.biasUniform(this.bias.data(), in, g);
        } else {
            this.bias = null;
        }
    }

    public Linear(int in, int out, Generator g) {
        this(in, out, true, g);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(input, false);
    }

    @Override
    public Tensor forward(Tensor input, boolean relu) {
        if (input.rank() != 2 || input.dim(1) != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + ") needs [N, " + in + "], got " + input);
        }
        int n = input.dim(0);
        float[] x = input.data();
        int xOff = input.offset();
        float[] xt = xT.array(in * n);
        float[] yt = yT.array(out * n);
        float[] w = weight.data().data();
        ComputePool p = pool();
        p.forRange(ceilDiv(in, 16), (t, s, e) ->
                VectorOps.transpose(x, xOff + s * 16, in, xt, s * 16 * n, n, n, Math.min(in, e * 16) - s * 16));
        p.forRange(ceilDiv(out, 4), (t, s, e) -> {
            int r0 = s * 4;
            int rows = Math.min(out, e * 4) - r0;
            java.util.Arrays.fill(yt, r0 * n, (r0 + rows) * n, 0f);
            for (int k = 0; k < in; k += K_BLOCK) {
                Gemm.run(rows, n, 1, Math.min(K_BLOCK, in - k), w, r0 * in + k, in, 0, 1, xt, k * n, 0, n, yt, r0 * n, n);
            }
        });
        Tensor result = y.get2(n, out);
        float[] yv = result.data();
        float[] b = bias == null ? null : bias.data().data();
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                float v = yt[o * n + i] + (b == null ? 0f : b[o]);
                yv[i * out + o] = relu ? Math.max(v, 0f) : v;
            }
        }
        lastInput = input;
        lastOutput = result;
        lastRelu = relu;
        return result;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        int n = lastInput.dim(0);
        if (gradOutput.rank() != 2 || gradOutput.dim(0) != n || gradOutput.dim(1) != out) {
            throw new IllegalArgumentException("Linear backward needs [" + n + ", " + out + "], got " + gradOutput);
        }
        float[] g = gradOutput.data();
        int gOff = gradOutput.offset();
        if (lastRelu) {
            float[] gm = gMasked.array(n * out);
            VectorOps.reluBackward(lastOutput.data(), 0, g, gOff, gm, 0, n * out);
            g = gm;
            gOff = 0;
        }
        float[] gg = g;
        int go = gOff;
        float[] x = lastInput.data();
        int xOff = lastInput.offset();
        float[] w = weight.data().data();
        float[] dw = weight.grad().data();
        ComputePool p = pool();
        p.forRange(ceilDiv(in, 64), (t, s, e) -> {
            int c0 = s * 64;
            Gemm.run(out, Math.min(in, e * 64) - c0, 1, n, gg, go, 1, 0, out, x, xOff + c0, 0, in, dw, c0, in);
        });
        if (bias != null) {
            float[] db = bias.grad().data();
            for (int i = 0; i < n; i++) {
                VectorOps.addInPlace(db, 0, gg, go + i * out, out);
            }
            bias.gradReady();
        }
        weight.gradReady();
        if (!inputGrad) {
            return null;
        }
        Tensor result = dx.get2(n, in);
        float[] d = result.data();
        p.forRange(ceilDiv(in, 64), (t, s, e) -> {
            int c0 = s * 64, c1 = Math.min(in, e * 64);
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(d, i * in + c0, i * in + c1, 0f);
            }
            Gemm.run(n, c1 - c0, 1, out, gg, go, out, 0, 1, w, c0, 0, in, d, c0, in);
        });
        return result;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
