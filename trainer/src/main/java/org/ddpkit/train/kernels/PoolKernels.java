package org.ddpkit.train.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling of one sample. Channels-last runs 16 channels at a time with vector compare
 * and blend (no branches); the window position of each maximum is kept as an int for backward.
 */
public final class PoolKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int L = 16;

    /** One sample's pooling shape: {@code channels × height × width}, window and stride. */
    public record Shape(int channels, int height, int width, int kernel, int stride) {
        public int outHeight() {
            return (height - kernel) / stride + 1;
        }

        public int outWidth() {
            return (width - kernel) / stride + 1;
        }
    }

    private PoolKernels() {}

    /** Channels-last forward: {@code out[p][c] = max} over the window; {@code arg} = window index. */
    public static void maxForwardChannelsLast(Shape s, float[] x, int xOff, float[] out, int[] arg, int outOff) {
        int c = s.channels(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth();
        for (int y = 0; y < ph; y++) {
            for (int xx = 0; xx < pw; xx++) {
                int o = outOff + (y * pw + xx) * c;
                int base = xOff + ((y * st) * w + xx * st) * c;
                int ch = 0;
                for (; ch + L <= c; ch += L) {
                    FloatVector best = FloatVector.fromArray(F, x, base + ch);
                    IntVector bi = IntVector.zero(I);
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            if (t > 0) {
                                FloatVector v = FloatVector.fromArray(F, x, base + (kh * w + kw) * c + ch);
                                VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                                best = best.blend(v, gt);
                                bi = bi.blend(t, gt.cast(I));
                            }
                        }
                    }
                    best.intoArray(out, o + ch);
                    bi.intoArray(arg, o + ch);
                }
                if (ch < c) {
                    VectorMask<Float> m = F.indexInRange(ch, c);
                    FloatVector best = FloatVector.fromArray(F, x, base + ch, m);
                    IntVector bi = IntVector.zero(I);
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            if (t > 0) {
                                FloatVector v = FloatVector.fromArray(F, x, base + (kh * w + kw) * c + ch, m);
                                VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                                best = best.blend(v, gt);
                                bi = bi.blend(t, gt.cast(I));
                            }
                        }
                    }
                    best.intoArray(out, o + ch, m);
                    bi.intoArray(arg, o + ch, m.cast(I));
                }
            }
        }
    }

    /**
     * Channels-last backward: the gradient goes to each window's maximum; the rest is 0. With a
     * {@code gate} (the pooled output of a fused ReLU → pool), only where the gate is positive.
     */
    public static void maxBackwardChannelsLast(Shape s, float[] g, int gOff, int[] arg, int argOff, float[] dx, int dxOff,
            float[] gate, int gateOff) {
        int c = s.channels(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth();
        boolean tiles = st == k && s.height() == ph * k && w == pw * k;
        if (!tiles) {
            Arrays.fill(dx, dxOff, dxOff + c * s.height() * w, 0f);
        }
        FloatVector zero = FloatVector.zero(F);
        for (int y = 0; y < ph; y++) {
            for (int xx = 0; xx < pw; xx++) {
                int o = (y * pw + xx) * c;
                int base = dxOff + ((y * st) * w + xx * st) * c;
                int ch = 0;
                if (tiles) {
                    for (; ch + L <= c; ch += L) {
                        FloatVector gv = FloatVector.fromArray(F, g, gOff + o + ch);
                        if (gate != null) {
                            gv = zero.blend(gv, FloatVector.fromArray(F, gate, gateOff + o + ch).compare(VectorOperators.GT, 0f));
                        }
                        IntVector bi = IntVector.fromArray(I, arg, argOff + o + ch);
                        for (int kh = 0, t = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++, t++) {
                                VectorMask<Float> hit = bi.compare(VectorOperators.EQ, t).cast(F);
                                zero.blend(gv, hit).intoArray(dx, base + (kh * w + kw) * c + ch);
                            }
                        }
                    }
                }
                for (; ch < c; ch += L) {
                    VectorMask<Float> m = F.indexInRange(ch, c);
                    FloatVector gv = FloatVector.fromArray(F, g, gOff + o + ch, m);
                    if (gate != null) {
                        gv = zero.blend(gv, FloatVector.fromArray(F, gate, gateOff + o + ch, m).compare(VectorOperators.GT, 0f));
                    }
                    IntVector bi = IntVector.fromArray(I, arg, argOff + o + ch, m.cast(I));
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            VectorMask<Float> hit = bi.compare(VectorOperators.EQ, t).cast(F);
                            int at = base + (kh * w + kw) * c + ch;
                            FloatVector v = zero.blend(gv, hit);
                            if (!tiles) {
                                v = v.add(FloatVector.fromArray(F, dx, at, m));
                            }
                            v.intoArray(dx, at, m);
                        }
                    }
                }
            }
        }
    }

    /** Planar (NCHW) forward, scalar. */
    public static void maxForwardPlanar(Shape s, float[] x, int xOff, float[] out, int[] arg, int outOff) {
        int c = s.channels(), h = s.height(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth();
        for (int ch = 0; ch < c; ch++) {
            int plane = xOff + ch * h * w;
            for (int y = 0; y < ph; y++) {
                for (int xx = 0; xx < pw; xx++) {
                    int base = plane + (y * st) * w + xx * st;
                    float best = x[base];
                    int bi = 0;
                    for (int kh = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++) {
                            float v = x[base + kh * w + kw];
                            if (v > best) {
                                best = v;
                                bi = kh * k + kw;
                            }
                        }
                    }
                    int o = outOff + (ch * ph + y) * pw + xx;
                    out[o] = best;
                    arg[o] = bi;
                }
            }
        }
    }

    /** Planar (NCHW) backward, scalar. */
    public static void maxBackwardPlanar(Shape s, float[] g, int gOff, int[] arg, int argOff, float[] dx, int dxOff) {
        int c = s.channels(), h = s.height(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth();
        Arrays.fill(dx, dxOff, dxOff + c * h * w, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ph; y++) {
                for (int xx = 0; xx < pw; xx++) {
                    int o = (ch * ph + y) * pw + xx;
                    int bi = arg[argOff + o];
                    dx[dxOff + ch * h * w + (y * st + bi / k) * w + xx * st + bi % k] += g[gOff + o];
                }
            }
        }
    }
}
