package org.ddpkit.train.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise vector loops: ReLU and its gradient as max/blend (no branches to mispredict),
 * sums, and blocked transposes. Every element's result is one correctly rounded float
 * operation, so vector and scalar tails agree bit for bit.
 */
public final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;

    private VectorOps() {}

    /** {@code dst[i] = max(src[i], 0)} for {@code n} elements. */
    public static void relu(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, src, srcOff + i).max(zero).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] = Math.max(src[srcOff + i], 0f);
        }
    }

    /** {@code dst[i] = out[i] > 0 ? grad[i] : 0}: the ReLU gradient given ReLU's output. */
    public static void reluBackward(float[] out, int outOff, float[] grad, int gradOff, float[] dst, int dstOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, out, outOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, grad, gradOff + i), on).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] = out[outOff + i] > 0f ? grad[gradOff + i] : 0f;
        }
    }

    /** Sets {@code rows} rows of {@code cols} floats at {@code off} to {@code row} (zeros when null). */
    public static void fillRows(float[] dst, int off, int rows, int cols, float[] row) {
        if (row == null) {
            java.util.Arrays.fill(dst, off, off + rows * cols, 0f);
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, dst, off + r * cols, cols);
        }
    }

    /** {@code dst[i] += src[i]}. */
    public static void addInPlace(float[] dst, int dstOff, float[] src, int srcOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i)).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    /** {@code dst[i] = a[i] * b[i]}. */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /**
     * Adds the rows of a {@code rows × cols} row-major block into {@code sums[0 .. cols)}, one
     * row after another (a fixed order).
     */
    public static void addRows(float[] src, int srcOff, int rows, int cols, float[] sums, int sumsOff) {
        for (int r = 0; r < rows; r++) {
            addInPlace(sums, sumsOff, src, srcOff + r * cols, cols);
        }
    }

    /**
     * {@code dst[c·ldd + r] = src[r·lds + c]} for a {@code rows × cols} block: 16 rows at a time
     * with a vector gather per column, the rest scalar.
     */
    public static void transpose(float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd, int rows, int cols) {
        int r0 = 0;
        if (rows >= L) {
            int[] stride = new int[L];
            for (int i = 0; i < L; i++) {
                stride[i] = i * lds;
            }
            for (; r0 + L <= rows; r0 += L) {
                int s = srcOff + r0 * lds;
                for (int c = 0; c < cols; c++) {
                    FloatVector.fromArray(S, src, s + c, stride, 0).intoArray(dst, dstOff + c * ldd + r0);
                }
            }
        }
        for (int r = r0; r < rows; r++) {
            int s = srcOff + r * lds;
            for (int c = 0; c < cols; c++) {
                dst[dstOff + c * ldd + r] = src[s + c];
            }
        }
    }
}
