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
    public void combine2(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment out, long oo, long n, ReduceOp op) {
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
