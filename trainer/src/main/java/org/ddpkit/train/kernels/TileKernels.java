package org.ddpkit.train.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled FMA micro-kernels for {@link Gemm}. Each adds a small tile
 *
 * <pre>
 *   c[cOff + r·ldc + j] += Σ_{o &lt; outer} Σ_{i &lt; inner} a[aOff + r·aRow + o·aOuter + i·aInner] · b[bOff + o·bOuter + i·bInner + j]
 * </pre>
 *
 * with the tile's sums in 16 vector registers (C2 spills beyond that). A's elements are
 * broadcast, B's rows loaded as vectors. The epilogue is a bare load-add-store: anything more
 * makes C2 stop inlining the vector intrinsics (NodeCountInliningCutoff) and the kernel falls
 * to scalar speed; so does starting the sums from a static final zero vector (a constant
 * object in the loop phi defeats box elimination), hence {@code FloatVector.zero(S)}. Rows are stored in order, so overlapping output rows (a stride-1 transposed
 * convolution accumulating into its input gradient) are summed correctly.
 */
final class TileKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;

    private TileKernels() {}

    /** A 4×64 tile: 4 rows, 4 full vectors of columns. */
    static void k4x4(float[] a, int aOff, int aRow, int aOuter, int aInner,
            float[] b, int bOff, int bOuter, int bInner, int outer, int inner, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int o = 0; o < outer; o++) {
            int ao = aOff + o * aOuter, bo = bOff + o * bOuter;
            for (int i = 0; i < inner; i++) {
                int ap = ao + i * aInner, bp = bo + i * bInner;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + 16);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 32);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 48);
                FloatVector x0 = FloatVector.broadcast(S, a[ap]);
                c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
                FloatVector x1 = FloatVector.broadcast(S, a[ap + aRow]);
                c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
                FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * aRow]);
                c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
                FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * aRow]);
                c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            }
        }
        int r0 = cOff;
        c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
        c01.add(FloatVector.fromArray(S, c, r0 + 16)).intoArray(c, r0 + 16);
        c02.add(FloatVector.fromArray(S, c, r0 + 32)).intoArray(c, r0 + 32);
        c03.add(FloatVector.fromArray(S, c, r0 + 48)).intoArray(c, r0 + 48);
        int r1 = cOff + ldc;
        c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.add(FloatVector.fromArray(S, c, r1 + 16)).intoArray(c, r1 + 16);
        c12.add(FloatVector.fromArray(S, c, r1 + 32)).intoArray(c, r1 + 32);
        c13.add(FloatVector.fromArray(S, c, r1 + 48)).intoArray(c, r1 + 48);
        int r2 = cOff + 2 * ldc;
        c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.add(FloatVector.fromArray(S, c, r2 + 16)).intoArray(c, r2 + 16);
        c22.add(FloatVector.fromArray(S, c, r2 + 32)).intoArray(c, r2 + 32);
        c23.add(FloatVector.fromArray(S, c, r2 + 48)).intoArray(c, r2 + 48);
        int r3 = cOff + 3 * ldc;
        c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.add(FloatVector.fromArray(S, c, r3 + 16)).intoArray(c, r3 + 16);
        c32.add(FloatVector.fromArray(S, c, r3 + 32)).intoArray(c, r3 + 32);
        c33.add(FloatVector.fromArray(S, c, r3 + 48)).intoArray(c, r3 + 48);
    }

    /** A 8×32 tile: 8 rows, 2 full vectors of columns. */
    static void k8x2(float[] a, int aOff, int aRow, int aOuter, int aInner,
            float[] b, int bOff, int bOuter, int bInner, int outer, int inner, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int o = 0; o < outer; o++) {
            int ao = aOff + o * aOuter, bo = bOff + o * bOuter;
            for (int i = 0; i < inner; i++) {
                int ap = ao + i * aInner, bp = bo + i * bInner;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + 16);
                FloatVector x0 = FloatVector.broadcast(S, a[ap]);
                c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[ap + aRow]);
                c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * aRow]);
                c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * aRow]);
                c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * aRow]);
                c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[ap + 5 * aRow]);
                c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51);
                FloatVector x6 = FloatVector.broadcast(S, a[ap + 6 * aRow]);
                c60 = x6.fma(b0, c60); c61 = x6.fma(b1, c61);
                FloatVector x7 = FloatVector.broadcast(S, a[ap + 7 * aRow]);
                c70 = x7.fma(b0, c70); c71 = x7.fma(b1, c71);
            }
        }
        int r0 = cOff;
        c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
        c01.add(FloatVector.fromArray(S, c, r0 + 16)).intoArray(c, r0 + 16);
        int r1 = cOff + ldc;
        c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.add(FloatVector.fromArray(S, c, r1 + 16)).intoArray(c, r1 + 16);
        int r2 = cOff + 2 * ldc;
        c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.add(FloatVector.fromArray(S, c, r2 + 16)).intoArray(c, r2 + 16);
        int r3 = cOff + 3 * ldc;
        c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.add(FloatVector.fromArray(S, c, r3 + 16)).intoArray(c, r3 + 16);
        int r4 = cOff + 4 * ldc;
        c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
        c41.add(FloatVector.fromArray(S, c, r4 + 16)).intoArray(c, r4 + 16);
        int r5 = cOff + 5 * ldc;
        c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
        c51.add(FloatVector.fromArray(S, c, r5 + 16)).intoArray(c, r5 + 16);
        int r6 = cOff + 6 * ldc;
        c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
        c61.add(FloatVector.fromArray(S, c, r6 + 16)).intoArray(c, r6 + 16);
        int r7 = cOff + 7 * ldc;
        c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
        c71.add(FloatVector.fromArray(S, c, r7 + 16)).intoArray(c, r7 + 16);
    }

    /**
     * An edge tile: {@code rows} ≤ 4 rows and {@code cols} ≤ 16 columns (one masked vector).
     * Slow (one load and up to four FMAs per step) but only used for the ragged edges.
     */
    static void edge(int rows, int cols, float[] a, int aOff, int aRow, int aOuter, int aInner,
            float[] b, int bOff, int bOuter, int bInner, int outer, int inner, float[] c, int cOff, int ldc) {
        VectorMask<Float> m = S.indexInRange(0, cols);
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int o = 0; o < outer; o++) {
            int ao = aOff + o * aOuter, bo = bOff + o * bOuter;
            for (int i = 0; i < inner; i++) {
                int ap = ao + i * aInner;
                FloatVector bv = FloatVector.fromArray(S, b, bo + i * bInner, m);
                c0 = FloatVector.broadcast(S, a[ap]).fma(bv, c0);
                if (rows > 1) {
                    c1 = FloatVector.broadcast(S, a[ap + aRow]).fma(bv, c1);
                }
                if (rows > 2) {
                    c2 = FloatVector.broadcast(S, a[ap + 2 * aRow]).fma(bv, c2);
                }
                if (rows > 3) {
                    c3 = FloatVector.broadcast(S, a[ap + 3 * aRow]).fma(bv, c3);
                }
            }
        }
        c0.add(FloatVector.fromArray(S, c, cOff, m)).intoArray(c, cOff, m);
        if (rows > 1) {
            c1.add(FloatVector.fromArray(S, c, cOff + ldc, m)).intoArray(c, cOff + ldc, m);
        }
        if (rows > 2) {
            c2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc, m)).intoArray(c, cOff + 2 * ldc, m);
        }
        if (rows > 3) {
            c3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc, m)).intoArray(c, cOff + 3 * ldc, m);
        }
    }
}
