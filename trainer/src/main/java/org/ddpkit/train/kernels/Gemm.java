package org.ddpkit.train.kernels;

/**
 * A strided matrix product that accumulates, the one primitive behind Linear and Conv2d:
 *
 * <pre>
 *   C[r][j] += Σ_{o &lt; outer} Σ_{i &lt; inner} A(r, o, i) · B(o, i, j)      r &lt; rows, j &lt; cols
 *   A(r, o, i) = a[aOff + r·aRow + o·aOuter + i·aInner]
 *   B(o, i, j) = b[bOff + o·bOuter + i·bInner + j]          (rows of B are j-contiguous)
 *   C[r][j]    = c[cOff + r·ldc + j]
 * </pre>
 *
 * The two-level reduction index lets a convolution read its input image in place (implicit
 * im2col: {@code o} walks kernel rows or output rows, {@code i} a contiguous run), so nothing
 * is packed. Tiles run in a fixed order: results depend only on the arguments. Callers
 * initialise C (zeros or a bias) and split work across threads by rows or columns.
 */
public final class Gemm {
    private Gemm() {}

    /** {@code C += A·B}; see the class comment. */
    public static void run(int rows, int cols, int outer, int inner,
            float[] a, int aOff, int aRow, int aOuter, int aInner,
            float[] b, int bOff, int bOuter, int bInner,
            float[] c, int cOff, int ldc) {
        int j = 0;
        for (; j + 64 <= cols; j += 64) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                TileKernels.k4x4(a, aOff + r * aRow, aRow, aOuter, aInner, b, bOff + j, bOuter, bInner, outer, inner,
                        c, cOff + r * ldc + j, ldc);
            }
            if (r < rows) {
                edgeRows(rows - r, j, 64, outer, inner, a, aOff + r * aRow, aRow, aOuter, aInner,
                        b, bOff, bOuter, bInner, c, cOff + r * ldc, ldc);
            }
        }
        for (; j + 32 <= cols; j += 32) {
            int r = 0;
            for (; r + 8 <= rows; r += 8) {
                TileKernels.k8x2(a, aOff + r * aRow, aRow, aOuter, aInner, b, bOff + j, bOuter, bInner, outer, inner,
                        c, cOff + r * ldc + j, ldc);
            }
            if (r < rows) {
                edgeRows(rows - r, j, 32, outer, inner, a, aOff + r * aRow, aRow, aOuter, aInner,
                        b, bOff, bOuter, bInner, c, cOff + r * ldc, ldc);
            }
        }
        if (j < cols) {
            edgeRows(rows, j, cols - j, outer, inner, a, aOff, aRow, aOuter, aInner, b, bOff, bOuter, bInner, c, cOff, ldc);
        }
    }

    /** Columns {@code [j0, j0 + width)} of {@code rows} rows with the edge kernel. */
    private static void edgeRows(int rows, int j0, int width, int outer, int inner,
            float[] a, int aOff, int aRow, int aOuter, int aInner,
            float[] b, int bOff, int bOuter, int bInner, float[] c, int cOff, int ldc) {
        for (int j = j0; j < j0 + width; j += TileKernels.L) {
            int w = Math.min(TileKernels.L, j0 + width - j);
            for (int r = 0; r < rows; r += 4) {
                TileKernels.edge(Math.min(4, rows - r), w, a, aOff + r * aRow, aRow, aOuter, aInner,
                        b, bOff + j, bOuter, bInner, outer, inner, c, cOff + r * ldc + j, ldc);
            }
        }
    }
}
