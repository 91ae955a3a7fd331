package org.ddpkit.comm.core;

import org.ddpkit.comm.ReduceOp;

import java.lang.foreign.MemorySegment;

/**
 * The element-wise loops of a reduction over native-order floats in memory segments. AVG is
 * reduced as SUM; {@link #divide} finishes it once. Every implementation combines in the same
 * fixed order, so every rank that runs the same loop on the same inputs gets the same bits.
 */
public interface ReduceKernels {

    /** {@code out[i] = a[i] op b[i]} for {@code n} floats at the given byte offsets; {@code out} may be {@code a}. */
    void combine2(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment out, long oo, long n, ReduceOp op);

    /** {@code dst[i] = dst[i] op src[i]} for {@code n} floats at the given byte offsets. */
    default void accumulate(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long n, ReduceOp op) {
        combine2(dst, dstOff, src, srcOff, dst, dstOff, n, op);
    }

    /**
     * {@code out[i] = (((in[0][i] op in[1][i]) op in[2][i]) …)} for {@code n} floats, where input j
     * starts at {@code in} + {@code inOffs[j]} (j &lt; {@code count}) and the result at {@code out} + {@code outOff}.
     */
    default void combine(MemorySegment in, long[] inOffs, int count, MemorySegment out, long outOff, long n, ReduceOp op) {
        if (count == 1) {
            MemorySegment.copy(in, inOffs[0], out, outOff, n * 4);
            return;
        }
        combine2(in, inOffs[0], in, inOffs[1], out, outOff, n, op);
        for (int j = 2; j < count; j++) {
            combine2(out, outOff, in, inOffs[j], out, outOff, n, op);
        }
    }

    /** {@code seg[i] = seg[i] / divisor} for {@code n} floats at {@code off}. */
    void divide(MemorySegment seg, long off, long n, float divisor);

    /** The Vector API kernels when {@code jdk.incubator.vector} is in the boot layer, else scalar loops. */
    static ReduceKernels best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new VectorReduceKernels() : new ScalarReduceKernels();
    }
}
