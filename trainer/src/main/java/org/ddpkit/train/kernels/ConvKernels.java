package org.ddpkit.train.kernels;

import java.util.Arrays;

/**
 * One sample's convolution passes on channels-last data, all as {@link Gemm} calls that read
 * the (padded) image in place: for a fixed kernel row, the {@code kernel × channels} inputs
 * under a window are contiguous, and neighbouring outputs are {@code stride × channels} apart.
 *
 * <ul>
 *   <li>forward: {@code out[p][co] = Σ_{kh} Σ_{(kw,ci)} x[row(p)+kh][(kw,ci)] · wf[kh][(kw,ci)][co]};
 *   <li>weight gradient: {@code dw[kh][(kw,ci)][co] += Σ_p x[row(p)+kh][(kw,ci)] · g[p][co]};
 *   <li>input gradient (transposed convolution): for each input row, over the output rows and
 *       kernel rows that meet there, {@code dx[row][(kw,ci)] += Σ_kh Σ_co g[p][co] · wb[kh][co][(kw,ci)]},
 *       whose output rows overlap and are accumulated in order.
 * </ul>
 * Packed weights: {@code wf[((kh·k + kw)·C + ci)·Co + co]} and {@code wb[((kh·Co + co)·k + kw)·C + ci]}.
 */
public final class ConvKernels {
    /** Output rows of the weight gradient per pass (keeps the rows' inputs and gradients in L1). */
    private static final int GRAD_ROWS = 4;
    /** Packed weights up to this many floats (32 KB) are read in one pass by the forward. */
    private static final int L1_FLOATS = 8 * 1024;

    private ConvKernels() {}

    /** PyTorch's {@code [co][ci][kh][kw]} weights → {@code wf}. */
    public static void packForward(float[] w, ConvGeometry g, float[] wf) {
        int co = g.outChannels(), c = g.channels(), k = g.kernel();
        for (int o = 0; o < co; o++) {
            for (int i = 0; i < c; i++) {
                for (int kh = 0; kh < k; kh++) {
                    for (int kw = 0; kw < k; kw++) {
                        wf[((kh * k + kw) * c + i) * co + o] = w[((o * c + i) * k + kh) * k + kw];
                    }
                }
            }
        }
    }

    /** PyTorch's weights → {@code wb} (for the input gradient). */
    public static void packBackward(float[] w, ConvGeometry g, float[] wb) {
        int co = g.outChannels(), c = g.channels(), k = g.kernel();
        for (int o = 0; o < co; o++) {
            for (int i = 0; i < c; i++) {
                for (int kh = 0; kh < k; kh++) {
                    for (int kw = 0; kw < k; kw++) {
                        wb[((kh * co + o) * k + kw) * c + i] = w[((o * c + i) * k + kh) * k + kw];
                    }
                }
            }
        }
    }

    /** Adds a weight gradient in {@code wf} layout into PyTorch's layout. */
    public static void unpackWeightGrad(float[] dwf, ConvGeometry g, float[] grad) {
        int co = g.outChannels(), c = g.channels(), k = g.kernel();
        for (int o = 0; o < co; o++) {
            for (int i = 0; i < c; i++) {
                for (int kh = 0; kh < k; kh++) {
                    for (int kw = 0; kw < k; kw++) {
                        grad[((o * c + i) * k + kh) * k + kw] += dwf[((kh * k + kw) * c + i) * co + o];
                    }
                }
            }
        }
    }

    /** Copies one sample ({@code nchw} or channels-last) into a zero-bordered channels-last image. */
    public static void stage(ConvGeometry g, float[] src, int srcOff, boolean nchw, float[] dst, int dstOff) {
        int c = g.channels(), h = g.height(), w = g.width(), p = g.padding(), wp = g.paddedWidth();
        if (p > 0) {
            Arrays.fill(dst, dstOff, dstOff + p * wp * c, 0f);
            Arrays.fill(dst, dstOff + (p + h) * wp * c, dstOff + g.paddedSize(), 0f);
        }
        for (int y = 0; y < h; y++) {
            int row = dstOff + ((y + p) * wp) * c;
            if (p > 0) {
                Arrays.fill(dst, row, row + p * c, 0f);
                Arrays.fill(dst, row + (p + w) * c, row + wp * c, 0f);
            }
            if (nchw) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        dst[row + (x + p) * c + ch] = src[srcOff + (ch * h + y) * w + x];
                    }
                }
            } else {
                System.arraycopy(src, srcOff + y * w * c, dst, row + p * c, w * c);
            }
        }
    }

    /**
     * Forward pass of one sample from its staged image at {@code xOff} into {@code out[outOff..]}.
     * The output starts as the bias. When the packed weights fit in L1 each output row gets its
     * whole product in one pass; otherwise each kernel row's product is added in its own pass
     * over the output rows, so that kernel row's {@code k·C·Co} weights stay in L1 (faster for
     * 32→64 channels). The (fused) ReLU is applied to each row right after its last pass.
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] wf, float[] bias, float[] out, int outOff, boolean relu) {
        int c = g.channels(), co = g.outChannels(), k = g.kernel(), s = g.stride(), wp = g.paddedWidth();
        int oh = g.outHeight(), ow = g.outWidth();
        VectorOps.fillRows(out, outOff, oh * ow, co, bias);
        boolean onePass = g.weightSize() <= L1_FLOATS;
        for (int kh = 0; kh < (onePass ? 1 : k); kh++) {
            for (int r = 0; r < oh; r++) {
                int row = outOff + r * ow * co;
                if (onePass) {
                    Gemm.run(ow, co, k, k * c, x, xOff + r * s * wp * c, s * c, wp * c, 1, wf, 0, k * c * co, co, out, row, co);
                } else {
                    Gemm.run(ow, co, 1, k * c, x, xOff + (r * s + kh) * wp * c, s * c, 0, 1, wf, kh * k * c * co, 0, co, out, row, co);
                }
                if (relu && (onePass || kh == k - 1)) {
                    VectorOps.relu(out, row, out, row, ow * co);
                }
            }
        }
    }

    /**
     * True when the convolution has so few inputs per window ({@code k·k·C} ≤ 32, e.g. the
     * first layer of an image model) that the weight gradient's implicit GEMM has too few rows
     * for a register tile; such convolutions gather an explicit (transposed) im2col matrix per
     * sample for it instead.
     */
    public static boolean usesColumns(ConvGeometry g) {
        return g.kernel() * g.kernel() * g.channels() <= 32;
    }

    /** Floats of the per-sample im2col scratch ({@link #usesColumns} convolutions only). */
    public static int columnsSize(ConvGeometry g) {
        return usesColumns(g) ? g.kernel() * g.kernel() * g.channels() * g.outHeight() * g.outWidth() : 0;
    }

    /** {@code cols[(kh·k + kw)·C + ci][p] = x[window(p) + (kh, kw, ci)]} for one sample. */
    static void columns(ConvGeometry g, float[] x, int xOff, float[] cols) {
        int c = g.channels(), k = g.kernel(), s = g.stride(), wp = g.paddedWidth();
        int oh = g.outHeight(), ow = g.outWidth(), p = oh * ow;
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                for (int ci = 0; ci < c; ci++) {
                    int row = ((kh * k + kw) * c + ci) * p;
                    for (int r = 0; r < oh; r++) {
                        int src = xOff + ((r * s + kh) * wp + kw) * c + ci;
                        int dst = row + r * ow;
                        for (int q = 0; q < ow; q++) {
                            cols[dst + q] = x[src + q * s * c];
                        }
                    }
                }
            }
        }
    }

    /** Adds one sample's weight gradient (in {@code wf} layout) into {@code dwf}. */
    public static void weightGrad(ConvGeometry g, float[] x, int xOff, float[] grad, int gOff, float[] dwf, float[] cols) {
        int c = g.channels(), co = g.outChannels(), k = g.kernel(), s = g.stride(), wp = g.paddedWidth();
        int oh = g.outHeight(), ow = g.outWidth();
        if (usesColumns(g)) {
            int p = oh * ow;
            columns(g, x, xOff, cols);
            Gemm.run(k * k * c, co, 1, p, cols, 0, p, 0, 1, grad, gOff, 0, co, dwf, 0, co);
            return;
        }
        for (int r0 = 0; r0 < oh; r0 += GRAD_ROWS) {
            int rows = Math.min(GRAD_ROWS, oh - r0);
            for (int kh = 0; kh < k; kh++) {
                Gemm.run(k * c, co, rows, ow, x, xOff + ((r0 * s + kh) * wp) * c, 1, s * wp * c, s * c,
                        grad, gOff + r0 * ow * co, ow * co, co, dwf, kh * k * c * co, co);
            }
        }
    }

    /**
     * Writes one sample's input gradient into {@code dx[dxOff..]} ({@code nchw} or channels-last),
     * using {@code padded} (at least {@link ConvGeometry#paddedSize()}) as scratch when needed.
     */
    public static void inputGrad(ConvGeometry g, float[] grad, int gOff, float[] wb, float[] padded, float[] dx, int dxOff, boolean nchw) {
        int c = g.channels(), co = g.outChannels(), k = g.kernel(), s = g.stride(), wp = g.paddedWidth();
        int oh = g.outHeight(), ow = g.outWidth(), p = g.padding();
        boolean direct = p == 0 && !nchw;
        float[] t = direct ? dx : padded;
        int tOff = direct ? dxOff : 0;
        Arrays.fill(t, tOff, tOff + g.paddedSize(), 0f);
        for (int ih = 0; ih < g.paddedHeight(); ih++) {
            // output rows r with r·s + kh = ih: from the last (smallest kh) down, kh growing by s
            int last = Math.min(oh - 1, ih / s);
            int first = Math.max(0, (ih - k + s) / s);
            if (last < first) {
                continue;
            }
            int kh0 = ih - last * s;
            Gemm.run(ow, k * c, last - first + 1, co, grad, gOff + last * ow * co, co, -ow * co, 1,
                    wb, kh0 * co * k * c, s * co * k * c, k * c, t, tOff + ih * wp * c, s * c);
        }
        if (direct) {
            return;
        }
        int h = g.height(), w = g.width();
        for (int y = 0; y < h; y++) {
            int row = ((y + p) * wp + p) * c;
            if (nchw) {
                for (int xx = 0; xx < w; xx++) {
                    for (int ch = 0; ch < c; ch++) {
                        dx[dxOff + (ch * h + y) * w + xx] = padded[row + xx * c + ch];
                    }
                }
            } else {
                System.arraycopy(padded, row, dx, dxOff + y * w * c, w * c);
            }
        }
    }
}
