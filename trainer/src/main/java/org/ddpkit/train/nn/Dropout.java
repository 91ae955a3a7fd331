package org.ddpkit.train.nn;

import org.ddpkit.train.kernels.DropoutKernels;
import org.ddpkit.train.kernels.VectorOps;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * Zeroes each element with probability {@code p} in training mode and scales the rest by
 * {@code 1/(1−p)}; the identity in eval mode. Each call reserves one draw per element from the
 * shared {@link Generator} and decides element {@code i} from draw {@code base + i} with
 * {@link DropoutKernels} (a vectorised counter hash), so masks do not depend on how the work
 * is split, and a restored generator state replays them exactly.
 */
public final class Dropout extends Module {
    private static final int BLOCK = 4096;
    private final float p;
    private final Generator generator;
    private final Workspace out = new Workspace();
    private final Workspace mask = new Workspace();
    private final Workspace grad = new Workspace();
    private boolean lastIdentity;
    private int lastSize;

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = (float) p;
        this.generator = generator;
    }

    public float probability() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0f) {
            lastIdentity = true;
            return input;
        }
        lastIdentity = false;
        int n = input.size();
        lastSize = n;
        Tensor y = out.get(input.format(), input.shape());
        float[] m = mask.array(n);
        long base = generator.reserve(n);
        int key32 = DropoutKernels.blockKey(generator.key(), base);
        int threshold = (int) Math.ceil(p * 0x1.0p24);
        float scale = p == 1f ? 0f : 1f / (1f - p);
        float[] x = input.data(), dst = y.data();
        int xOff = input.offset();
        pool().forRange((n + BLOCK - 1) / BLOCK, (t, s, e) -> {
            DropoutKernels.apply(key32, base, threshold, scale, x, xOff, m, dst, s * BLOCK, Math.min(n, e * BLOCK));
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        if (lastIdentity) {
            return gradOutput;
        }
        int n = lastSize;
        Tensor d = grad.get(gradOutput.format(), gradOutput.shape());
        float[] g = gradOutput.data(), m = mask.array(n), dst = d.data();
        int gOff = gradOutput.offset();
        pool().forRange((n + BLOCK - 1) / BLOCK, (t, s, e) -> {
            int a = s * BLOCK, b = Math.min(n, e * BLOCK);
            VectorOps.multiply(g, gOff + a, m, a, dst, a, b - a);
        });
        return d;
    }
}
