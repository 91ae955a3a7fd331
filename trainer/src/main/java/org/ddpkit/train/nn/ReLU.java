package org.ddpkit.train.nn;

import org.ddpkit.train.kernels.VectorOps;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/** {@code max(x, 0)}, any shape and format; the gradient passes where the output is positive. */
public final class ReLU extends Module {
    private final Workspace out = new Workspace();
    private final Workspace grad = new Workspace();
    private Tensor lastOutput;

    @Override
    public Tensor forward(Tensor input) {
        Tensor y = out.get(input.format(), input.shape());
        float[] src = input.data();
        int off = input.offset();
        float[] dst = y.data();
        pool().forRange(blocks(input.size()), (t, s, e) -> {
            int a = s * 4096, b = Math.min(input.size(), e * 4096);
            VectorOps.relu(src, off + a, dst, a, b - a);
        });
        lastOutput = y;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Tensor d = grad.get(lastOutput.format(), lastOutput.shape());
        float[] y = lastOutput.data();
        float[] g = gradOutput.data();
        int gOff = gradOutput.offset();
        float[] dst = d.data();
        int n = d.size();
        pool().forRange(blocks(n), (t, s, e) -> {
            int a = s * 4096, b = Math.min(n, e * 4096);
            VectorOps.reluBackward(y, a, g, gOff + a, dst, a, b - a);
        });
        return d;
    }

    static int blocks(int n) {
        return (n + 4095) / 4096;
    }
}
