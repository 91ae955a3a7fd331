package org.ddpkit.train.nn;

import java.util.Arrays;
import org.ddpkit.train.kernels.PoolKernels;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * Max pooling with a square window and stride (default: the window), no padding, floor
 * rounding, as PyTorch's {@code MaxPool2d(k)}. Ties go to the first maximum in the window.
 * Keeps the input's memory format; channels-last runs vectorised over channels.
 */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final Workspace out = new Workspace();
    private final Workspace grad = new Workspace();
    private int[] argmax = new int[0];
    private Tensor lastInput;
    private Tensor lastOutput;

    public MaxPool2d(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d(" + kernel + ", stride=" + stride + "): both must be ≥ 1");
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    /** The pooling shape for one sample of {@code channels × height × width}; checks the size. */
    PoolKernels.Shape shapeFor(int channels, int height, int width) {
        if (height < kernel || width < kernel) {
            throw new IllegalArgumentException("MaxPool2d(" + kernel + ") needs [N, C, H, W] with H, W ≥ " + kernel
                    + ", got " + height + "x" + width);
        }
        return new PoolKernels.Shape(channels, height, width, kernel, stride);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4 || input.dim(2) < kernel || input.dim(3) < kernel) {
            throw new IllegalArgumentException("MaxPool2d(" + kernel + ") needs [N, C, H, W] with H, W ≥ " + kernel + ", got " + input);
        }
        int n = input.dim(0), c = input.dim(1), h = input.dim(2), w = input.dim(3);
        int ph = (h - kernel) / stride + 1, pw = (w - kernel) / stride + 1;
        boolean cl = input.format() == MemoryFormat.CHANNELS_LAST;
        Tensor y = out.get4(input.format(), n, c, ph, pw);
        if (argmax.length < y.size()) {
            argmax = new int[y.size()];
        }
        PoolKernels.Shape sh = new PoolKernels.Shape(c, h, w, kernel, stride);
        float[] x = input.data(), o = y.data();
        int xOff = input.offset();
        int[] idx = argmax;
        int inSize = c * h * w, outSize = c * ph * pw;
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                if (cl) {
                    PoolKernels.maxForwardChannelsLast(sh, x, xOff + i * inSize, o, i * outSize, null, idx, i * outSize);
                } else {
                    PoolKernels.maxForwardPlanar(sh, x, xOff + i * inSize, o, idx, i * outSize);
                }
            }
        });
        lastInput = input;
        lastOutput = y;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        if (!Arrays.equals(gradOutput.shape(), lastOutput.shape()) || gradOutput.format() != lastOutput.format()) {
            throw new IllegalArgumentException("MaxPool2d backward needs " + lastOutput + ", got " + gradOutput);
        }
        Tensor x = lastInput;
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        Tensor d = grad.get4(x.format(), n, c, h, w);
        PoolKernels.Shape sh = new PoolKernels.Shape(c, h, w, kernel, stride);
        boolean cl = x.format() == MemoryFormat.CHANNELS_LAST;
        float[] g = gradOutput.data(), dx = d.data();
        int gOff = gradOutput.offset();
        int[] idx = argmax;
        int inSize = c * h * w, outSize = lastOutput.size() / n;
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                if (cl) {
                    PoolKernels.maxBackwardChannelsLast(sh, g, gOff + i * outSize, null, idx, i * outSize, dx, i * inSize, null, 0);
                } else {
                    PoolKernels.maxBackwardPlanar(sh, g, gOff + i * outSize, idx, i * outSize, dx, i * inSize);
                }
            }
        });
        return d;
    }
}
