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

    /**
     * The index map that makes 16 channels of one position of a {@code [C][positions]} (planar)
     * tensor a vector: {@code {0, positions, 2·positions, …}}.
     */
    public static int[] planarMap(int positions) {
        int[] m = new int[L];
        for (int i = 0; i < L; i++) {
            m[i] = i * positions;
        }
        return m;
    }

    /**
     * The map for a masked gather or scatter: masked-off lanes point at lane 0's element, since
     * the JDK checks every lane's index even under a mask.
     */
    private static int[] clamped(int[] map, int lanes) {
        int[] c = map.clone();
        Arrays.fill(c, lanes, L, 0);
        return c;
    }

    /*
     * The vector code below is written out in the loops rather than in helpers: a helper that
     * takes or returns a vector and is not inlined (C2 skips callees whose compiled code is
     * large, and gathers are) makes every vector a heap object.
     */

    /**
     * Forward of a channels-last sample: {@code out = max} over each window and {@code arg} =
     * the window index of the (first) maximum, channels-last at {@code argOff}. The output is
     * channels-last at {@code outOff}, or planar ({@code [C][PH·PW]}, PyTorch's order) when
     * {@code planar} is {@link #planarMap}{@code (PH·PW)}.
     */
    public static void maxForwardChannelsLast(Shape s, float[] x, int xOff, float[] out, int outOff, int[] planar,
            int[] arg, int argOff) {
        int c = s.channels(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth(), positions = ph * pw;
        int full = c - c % L;
        int[] tailMap = planar != null && full < c ? clamped(planar, c - full) : null;
        VectorMask<Float> tail = F.indexInRange(full, c);
        for (int y = 0; y < ph; y++) {
            for (int xx = 0; xx < pw; xx++) {
                int pos = y * pw + xx;
                int base = xOff + ((y * st) * w + xx * st) * c;
                for (int ch = 0; ch < full; ch += L) {
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
                    if (planar == null) {
                        best.intoArray(out, outOff + pos * c + ch);
                    } else {
                        best.intoArray(out, outOff + ch * positions + pos, planar, 0);
                    }
                    bi.intoArray(arg, argOff + pos * c + ch);
                }
                if (full < c) {
                    FloatVector best = FloatVector.fromArray(F, x, base + full, tail);
                    IntVector bi = IntVector.zero(I);
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            if (t > 0) {
                                FloatVector v = FloatVector.fromArray(F, x, base + (kh * w + kw) * c + full, tail);
                                VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                                best = best.blend(v, gt);
                                bi = bi.blend(t, gt.cast(I));
                            }
                        }
                    }
                    if (planar == null) {
                        best.intoArray(out, outOff + pos * c + full, tail);
                    } else {
                        best.intoArray(out, outOff + full * positions + pos, tailMap, 0, tail);
                    }
                    bi.intoArray(arg, argOff + pos * c + full, tail.cast(I));
                }
            }
        }
    }

    /**
     * Backward into a channels-last sample: the gradient {@code g} (laid out like the forward's
     * output: channels-last, or planar through {@code planar}) goes to each window's maximum;
     * the rest is 0. With a {@code gate} (the pooled output of a fused ReLU → pool, laid out
     * like {@code g}), only where the gate is positive.
     */
    public static void maxBackwardChannelsLast(Shape s, float[] g, int gOff, int[] planar, int[] arg, int argOff,
            float[] dx, int dxOff, float[] gate, int gateOff) {
        int c = s.channels(), w = s.width(), k = s.kernel(), st = s.stride();
        int ph = s.outHeight(), pw = s.outWidth(), positions = ph * pw;
        boolean tiles = st == k && s.height() == ph * k && w == pw * k;
        if (!tiles) {
            Arrays.fill(dx, dxOff, dxOff + c * s.height() * w, 0f);
        }
        int full = c - c % L;
        int[] tailMap = planar != null && full < c ? clamped(planar, c - full) : null;
        VectorMask<Float> tail = F.indexInRange(full, c);
        FloatVector zero = FloatVector.zero(F);
        for (int y = 0; y < ph; y++) {
            for (int xx = 0; xx < pw; xx++) {
                int pos = y * pw + xx;
                int base = dxOff + ((y * st) * w + xx * st) * c;
                for (int ch = 0; ch < full; ch += L) {
                    FloatVector gv = planar == null ? FloatVector.fromArray(F, g, gOff + pos * c + ch)
                            : FloatVector.fromArray(F, g, gOff + ch * positions + pos, planar, 0);
                    if (gate != null) {
                        FloatVector open = planar == null ? FloatVector.fromArray(F, gate, gateOff + pos * c + ch)
                                : FloatVector.fromArray(F, gate, gateOff + ch * positions + pos, planar, 0);
                        gv = zero.blend(gv, open.compare(VectorOperators.GT, 0f));
                    }
                    IntVector bi = IntVector.fromArray(I, arg, argOff + pos * c + ch);
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            int at = base + (kh * w + kw) * c + ch;
                            FloatVector v = zero.blend(gv, bi.compare(VectorOperators.EQ, t).cast(F));
                            if (!tiles) {
                                v = v.add(FloatVector.fromArray(F, dx, at));
                            }
                            v.intoArray(dx, at);
                        }
                    }
                }
                if (full < c) {
                    FloatVector gv = planar == null ? FloatVector.fromArray(F, g, gOff + pos * c + full, tail)
                            : FloatVector.fromArray(F, g, gOff + full * positions + pos, tailMap, 0, tail);
                    if (gate != null) {
                        FloatVector open = planar == null ? FloatVector.fromArray(F, gate, gateOff + pos * c + full, tail)
                                : FloatVector.fromArray(F, gate, gateOff + full * positions + pos, tailMap, 0, tail);
                        gv = zero.blend(gv, open.compare(VectorOperators.GT, 0f));
                    }
                    IntVector bi = IntVector.fromArray(I, arg, argOff + pos * c + full, tail.cast(I));
                    for (int kh = 0, t = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++, t++) {
                            int at = base + (kh * w + kw) * c + full;
                            FloatVector v = zero.blend(gv, bi.compare(VectorOperators.EQ, t).cast(F));
                            if (!tiles) {
                                v = v.add(FloatVector.fromArray(F, dx, at, tail));
                            }
                            v.intoArray(dx, at, tail);
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
