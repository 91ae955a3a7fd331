package org.ddpkit.comm.core;

import org.ddpkit.comm.ReduceOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Plain loops, one per op (C2 vectorizes some of them); used when the Vector API module is
 * absent, and for the tails of the vector loops. Inputs combine pairwise in input order.
 */
public final class ScalarReduceKernels implements ReduceKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Override
    public void accumulate(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long n, ReduceOp op) {
        combine2(dst, dstOff, src, srcOff, dst, dstOff, n, op);
    }

    @Override
    public void combine(MemorySegment in, long[] inOffs, int count, MemorySegment out, long outOff, long n, ReduceOp op) {
        if (count == 1) {
            MemorySegment.copy(in, inOffs[0], out, outOff, n * 4);
            return;
        }
        combine2(in, inOffs[0], in, inOffs[1], out, outOff, n, op);
        for (int j = 2; j < count; j++) {
            combine2(out, outOff, in, inOffs[j], out, outOff, n, op);
        }
    }

    /** {@code out = a op b}, element-wise; {@code out} may be {@code a}. */
    void combine2(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment out, long oo, long n, ReduceOp op) {
        switch (op) {
            case SUM, AVG -> {
                for (long i = 0; i < n * 4; i += 4) {
                    out.set(F, oo + i, a.get(F, ao + i) + b.get(F, bo + i));
                }
            }
            case MAX -> {
                for (long i = 0; i < n * 4; i += 4) {
                    out.set(F, oo + i, Math.max(a.get(F, ao + i), b.get(F, bo + i)));
                }
            }
            case MIN -> {
                for (long i = 0; i < n * 4; i += 4) {
                    out.set(F, oo + i, Math.min(a.get(F, ao + i), b.get(F, bo + i)));
                }
            }
        }
    }

    @Override
    public void divide(MemorySegment seg, long off, long n, float divisor) {
        for (long i = 0; i < n * 4; i += 4) {
            seg.set(F, off + i, seg.get(F, off + i) / divisor);
        }
    }
}
