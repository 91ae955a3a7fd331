package org.ddpkit.train.nn;

import java.util.Arrays;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.kernels.ConvGeometry;
import org.ddpkit.train.kernels.ConvKernels;
import org.ddpkit.train.kernels.PoolKernels;
import org.ddpkit.train.kernels.VectorOps;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * 2-D convolution (cross-correlation) with square kernels, stride and zero padding; weight
 * {@code [out, in, k, k]} and bias {@code [out]} as in PyTorch. Activations are computed
 * channels-last (the output is a {@link MemoryFormat#CHANNELS_LAST} tensor); any input format
 * is accepted. Work is split by samples; weight and bias gradients are summed per chunk of
 * samples (at most {@value #GRAD_CHUNKS}, fixed by the batch size) and the chunks' sums added in
 * order, so results do not depend on the thread count.
 *
 * <p>{@link Sequential} runs {@code Conv2d, ReLU, MaxPool2d} as one step
 * ({@link #forwardReluMaxPool}): each sample's convolution output stays in a per-worker scratch
 * buffer in L2 and only the pooled output (written in PyTorch's planar order, so a following
 * Flatten is free) and the window maxima's positions are kept; the backward rebuilds that
 * sample's output gradient from them. Same results, none of the full-size activation and
 * gradient traffic.
 */
public final class Conv2d extends Module implements FusesRelu {
    /** Most chunks of samples whose gradients are summed separately (then added in order). */
    static final int GRAD_CHUNKS = 16;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    private final Workspace staged = new Workspace();
    private final Workspace packedForward = new Workspace();
    private final Workspace packedBackward = new Workspace();
    private final Workspace output = new Workspace();
    private final Workspace inputGrad = new Workspace();
    private float[][] sampleScratch = new float[0][];
    private float[][] weightGradPartial = new float[0][];
    private float[][] biasGradPartial = new float[0][];
    private float[][] paddedGradScratch = new float[0][];
    private float[][] columnScratch = new float[0][];
    private ConvGeometry geometry;
    private Tensor lastInput;
    private float[] in;
    private int inOff;
    private Tensor lastOutput;
    private boolean lastRelu;
    private PoolKernels.Shape lastPool;
    private int[] argmax = new int[0];
    private int[] planarMap;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, Generator g) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel=" + kernel
                    + ", stride=" + stride + ", padding=" + padding + "): channels, kernel and stride must be ≥ 1, padding ≥ 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        int fanIn = inChannels * kernel * kernel;
        this.weight = registerParameter("weight", Tensor.zeros(outChannels, inChannels, kernel, kernel));
        Init.kaimingUniform(weight.data(), fanIn, g);
        if (bias) {
            this.bias = registerParameter("bias", Tensor.zeros(outChannels));
            Init.biasUniform(this.bias.data(), fanIn, g);
        } else {
            this.bias = null;
        }
    }

    /** {@code Conv2d(in, out, kernel)} with stride 1, no padding, and a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, Generator g) {
        this(inChannels, outChannels, kernel, 1, 0, true, g);
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
        return forward(input, relu, null);
    }

    /** {@code maxPool(relu(conv(input)))} in one pass per sample; backward takes the pooled gradient. */
    Tensor forwardReluMaxPool(Tensor input, MaxPool2d maxPool) {
        return forward(input, true, maxPool);
    }

    private Tensor forward(Tensor input, boolean relu, MaxPool2d maxPool) {
        if (input.rank() != 4 || input.dim(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ") needs [N, " + inChannels
                    + ", H, W], got " + input);
        }
        int n = input.dim(0);
        ConvGeometry geo = new ConvGeometry(inChannels, input.dim(2), input.dim(3), outChannels, kernel, stride, padding);
        PoolKernels.Shape ps = maxPool == null ? null : maxPool.shapeFor(outChannels, geo.outHeight(), geo.outWidth());
        geometry = geo;
        stageInput(input, geo);
        float[] wf = packedForward.array(geo.weightSize());
        ConvKernels.packForward(weight.data().data(), geo, wf);
        Tensor out = ps == null
                ? output.get4(MemoryFormat.CHANNELS_LAST, n, outChannels, geo.outHeight(), geo.outWidth())
                : output.get4(MemoryFormat.CONTIGUOUS, n, outChannels, ps.outHeight(), ps.outWidth());
        float[] o = out.data();
        float[] b = bias == null ? null : bias.data().data();
        float[] x = in;
        int xOff = inOff;
        ensureScratch(pool().threads(), geo);
        int pooled = out.size() / Math.max(n, 1);
        if (ps != null && argmax.length < out.size()) {
            argmax = new int[out.size()];
        }
        int[] arg = argmax;
        int[] planar = ps == null ? null : planarMap(ps.outHeight() * ps.outWidth());
        float[][] scratch = sampleScratch;
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                if (ps == null) {
                    ConvKernels.forward(geo, x, xOff + i * geo.paddedSize(), wf, b, o, i * geo.outSize(), relu);
                } else {
                    ConvKernels.forward(geo, x, xOff + i * geo.paddedSize(), wf, b, scratch[t], 0, true);
                    PoolKernels.maxForwardChannelsLast(ps, scratch[t], 0, o, i * pooled, planar, arg, i * pooled);
                }
            }
        });
        lastInput = input;
        lastOutput = out;
        lastRelu = relu;
        lastPool = ps;
        return out;
    }

    /** Points {@code in} at the input as padded channels-last samples, copying only when needed. */
    private void stageInput(Tensor input, ConvGeometry geo) {
        boolean channelsLast = input.format() == MemoryFormat.CHANNELS_LAST || inChannels == 1;
        if (padding == 0 && channelsLast) {
            in = input.data();
            inOff = input.offset();
            return;
        }
        int n = input.dim(0);
        float[] dst = staged.array(n * geo.paddedSize());
        float[] src = input.data();
        int srcOff = input.offset();
        boolean nchw = !channelsLast;
        pool().forRange(n, (t, s, e) -> {
            for (int i = s; i < e; i++) {
                ConvKernels.stage(geo, src, srcOff + i * geo.inSize(), nchw, dst, i * geo.paddedSize());
            }
        });
        in = dst;
        inOff = 0;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean wantInputGrad) {
        ConvGeometry geo = geometry;
        int n = lastInput.dim(0);
        if (!Arrays.equals(gradOutput.shape(), lastOutput.shape())) {
            throw new IllegalArgumentException("Conv2d backward needs " + Arrays.toString(lastOutput.shape()) + ", got " + gradOutput);
        }
        Tensor g = gradOutput.format() == lastOutput.format() ? gradOutput : converted(gradOutput, lastOutput.format());
        int threads = pool().threads();
        int chunks = Math.min(n, GRAD_CHUNKS);
        ensureScratch(threads, geo);
        if (weightGradPartial.length < chunks) {
            weightGradPartial = new float[chunks][geo.weightSize()];
            biasGradPartial = new float[chunks][outChannels];
        }
        float[] wb = null;
        if (wantInputGrad) {
            wb = packedBackward.array(geo.weightSize());
            ConvKernels.packBackward(weight.data().data(), geo, wb);
        }
        Tensor dIn = null;
        boolean inputChannelsLast = lastInput.format() == MemoryFormat.CHANNELS_LAST || inChannels == 1;
        if (wantInputGrad) {
            dIn = inputGrad.get4(inputChannelsLast ? MemoryFormat.CHANNELS_LAST : MemoryFormat.CONTIGUOUS,
                    n, inChannels, geo.height(), geo.width());
        }
        float[] gArr = g.data();
        int gOff = g.offset();
        float[] outArr = lastOutput.data();
        float[] x = in;
        int xOff = inOff;
        boolean relu = lastRelu;
        PoolKernels.Shape ps = lastPool;
        int pooled = lastOutput.size() / Math.max(n, 1);
        int[] arg = argmax;
        int[] planar = ps == null ? null : planarMap(ps.outHeight() * ps.outWidth());
        float[] wbf = wb;
        float[] dInArr = dIn == null ? null : dIn.data();
        boolean hasBias = bias != null;
        pool().forChunks(n, chunks, (t, c, s, e) -> {
            float[] dwp = weightGradPartial[c];
            float[] dbp = biasGradPartial[c];
            Arrays.fill(dwp, 0f);
            Arrays.fill(dbp, 0f);
            float[] gs = sampleScratch[t];
            for (int i = s; i < e; i++) {
                int so = i * geo.outSize();
                float[] gi;
                int gio;
                if (ps != null) {
                    PoolKernels.maxBackwardChannelsLast(ps, gArr, gOff + i * pooled, planar, arg, i * pooled, gs, 0, outArr, i * pooled);
                    gi = gs;
                    gio = 0;
                } else if (relu) {
                    VectorOps.reluBackward(outArr, so, gArr, gOff + so, gs, 0, geo.outSize());
                    gi = gs;
                    gio = 0;
                } else {
                    gi = gArr;
                    gio = gOff + so;
                }
                if (hasBias) {
                    VectorOps.addRows(gi, gio, geo.outHeight() * geo.outWidth(), outChannels, dbp, 0);
                }
                ConvKernels.weightGrad(geo, x, xOff + i * geo.paddedSize(), gi, gio, dwp, columnScratch[t]);
                if (dInArr != null) {
                    ConvKernels.inputGrad(geo, gi, gio, wbf, paddedGradScratch[t], dInArr, i * geo.inSize(), !inputChannelsLast);
                }
            }
        });
        for (int c = 1; c < chunks; c++) {
            VectorOps.addInPlace(weightGradPartial[0], 0, weightGradPartial[c], 0, geo.weightSize());
            VectorOps.addInPlace(biasGradPartial[0], 0, biasGradPartial[c], 0, outChannels);
        }
        ConvKernels.unpackWeightGrad(weightGradPartial[0], geo, weight.grad().data());
        if (hasBias) {
            VectorOps.addInPlace(bias.grad().data(), 0, biasGradPartial[0], 0, outChannels);
            bias.gradReady();
        }
        weight.gradReady();
        return dIn;
    }

    private void ensureScratch(int threads, ConvGeometry geo) {
        if (sampleScratch.length != threads || sampleScratch[0].length < geo.outSize()
                || paddedGradScratch[0].length < geo.paddedSize() || columnScratch[0].length < ConvKernels.columnsSize(geo)) {
            weightGradPartial = new float[0][];
            biasGradPartial = new float[0][];
            sampleScratch = new float[threads][geo.outSize()];
            paddedGradScratch = new float[threads][geo.paddedSize()];
            columnScratch = new float[threads][ConvKernels.columnsSize(geo)];
        }
    }

    private static Tensor converted(Tensor t, MemoryFormat format) {
        Tensor c = new Tensor(new float[t.size()], 0, format, t.shape());
        c.copyFrom(t);
        return c;
    }

    /** The planar index map for {@code positions}, cached while the shape stays the same. */
    private int[] planarMap(int positions) {
        if (planarMap == null || planarMap[1] != positions) {
            planarMap = PoolKernels.planarMap(positions);
        }
        return planarMap;
    }
}
