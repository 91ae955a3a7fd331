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
    private static final int PANEL = 64;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final Workspace xT = new Workspace();
    private final Workspace yT = new Workspace();
    private final Workspace y = new Workspace();
    private final Workspace gMasked = new Workspace();
    private final Workspace dx = new Workspace();
    private float[][] panelScratch = new float[0][];
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
        float[][] panels = panelScratch(p.threads(), Math.max(n, out) * PANEL);
        p.forRange(ceilDiv(in, PANEL), (t, s, e) -> {
            float[] bp = panels[t];
            for (int panel = s; panel < e; panel++) {
                int c0 = panel * PANEL, w0 = Math.min(PANEL, in - c0);
                packColumns(x, xOff + c0, in, n, w0, bp);
                Gemm.run(out, w0, 1, n, gg, go, 1, 0, out, bp, 0, 0, PANEL, dw, c0, in);
            }
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
        p.forRange(ceilDiv(in, PANEL), (t, s, e) -> {
            float[] bp = panels[t];
            for (int panel = s; panel < e; panel++) {
                int c0 = panel * PANEL, w0 = Math.min(PANEL, in - c0);
                packColumns(w, c0, in, out, w0, bp);
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(d, i * in + c0, i * in + c0 + w0, 0f);
                }
                Gemm.run(n, w0, 1, out, gg, go, out, 0, 1, bp, 0, 0, PANEL, d, c0, in);
            }
        });
        return result;
    }

    /** Per-worker scratch of at least {@code size} floats for packed panels. */
    private float[][] panelScratch(int threads, int size) {
        if (panelScratch.length != threads || panelScratch[0].length < size) {
            panelScratch = new float[threads][size];
        }
        return panelScratch;
    }

    /**
     * Copies columns {@code [0, width)} of {@code rows} rows (row stride {@code ld}) into a
     * dense {@code rows × PANEL} panel: the rows of W and x are 36 KB apart for fc1, a multiple of
     * 4 KB, so reading them in place would thrash one L1 set.
     */
    private static void packColumns(float[] src, int off, int ld, int rows, int width, float[] panel) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, off + r * ld, panel, r * PANEL, width);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
