package org.ddpkit.train.nn;

import org.ddpkit.train.kernels.VectorOps;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * {@code [N, d1, d2, ...] → [N, d1·d2·...]} in PyTorch's (logical) order. A contiguous input
 * is only reshaped; a channels-last one is transposed per sample.
 */
public final class Flatten extends Module {
    private final Workspace out = new Workspace();
    private final Workspace grad = new Workspace();
    private Tensor lastInput;

    @Override
    public Tensor forward(Tensor input) {
        lastInput = input;
        int n = input.dim(0);
        int rest = input.size() / Math.max(n, 1);
        if (input.isContiguous()) {
            return new Tensor(input.data(), input.offset(), MemoryFormat.CONTIGUOUS, n, rest);
        }
        Tensor y = out.get2(n, rest);
        int c = input.dim(1), hw = input.dim(2) * input.dim(3);
        float[] src = input.data();
        int off = input.offset();
        float[] dst = y.data();
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                VectorOps.transpose(src, off + i * rest, c, dst, i * rest, hw, hw, c);
            }
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Tensor x = lastInput;
        if (x.isContiguous()) {
            return new Tensor(gradOutput.data(), gradOutput.offset(), x.format(), x.shape());
        }
        Tensor d = grad.get4(MemoryFormat.CHANNELS_LAST, x.dim(0), x.dim(1), x.dim(2), x.dim(3));
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3), rest = c * hw;
        float[] src = gradOutput.data();
        int off = gradOutput.offset();
        float[] dst = d.data();
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                VectorOps.transpose(src, off + i * rest, hw, dst, i * rest, c, c, hw);
            }
        });
        return d;
    }
}
