package org.ddpkit.comm.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ddpkit.comm.ReduceOp;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The loops with jdk.incubator.vector at the machine's preferred width; tails fall back to
 * {@link ScalarReduceKernels}. Lane-wise ops, so results equal the scalar loops bit for bit
 * (FloatVector's max/min follow Math.max/min on NaN and ±0). Each op has its own loop: C2
 * turns {@code add}/{@code max}/{@code min} into single instructions only when the op is a
 * constant at the call site (a {@code lanewise(op, …)} with a variable op runs ~4× slower).
 */
public final class VectorReduceKernels implements ReduceKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final long STEP = S.vectorByteSize();
    private final ScalarReduceKernels tail = new ScalarReduceKernels();

    @Override
    public void combine2(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment out, long oo, long n,
                          ReduceOp op) {
        long bytes = n * 4;
        long vec = bytes - bytes % STEP;
        switch (op) {
            case SUM, AVG -> {
                for (long i = 0; i < vec; i += STEP) {
                    FloatVector x = FloatVector.fromMemorySegment(S, a, ao + i, NATIVE);
                    FloatVector y = FloatVector.fromMemorySegment(S, b, bo + i, NATIVE);
                    x.add(y).intoMemorySegment(out, oo + i, NATIVE);
                }
            }
            case MAX -> {
                for (long i = 0; i < vec; i += STEP) {
                    FloatVector x = FloatVector.fromMemorySegment(S, a, ao + i, NATIVE);
                    FloatVector y = FloatVector.fromMemorySegment(S, b, bo + i, NATIVE);
                    x.max(y).intoMemorySegment(out, oo + i, NATIVE);
                }
            }
            case MIN -> {
                for (long i = 0; i < vec; i += STEP) {
                    FloatVector x = FloatVector.fromMemorySegment(S, a, ao + i, NATIVE);
                    FloatVector y = FloatVector.fromMemorySegment(S, b, bo + i, NATIVE);
                    x.min(y).intoMemorySegment(out, oo + i, NATIVE);
                }
            }
        }
        if (vec < bytes) {
            tail.combine2(a, ao + vec, b, bo + vec, out, oo + vec, (bytes - vec) / 4, op);
        }
    }

    @Override
    public void divide(MemorySegment seg, long off, long n, float divisor) {
        long bytes = n * 4;
        long vec = bytes - bytes % STEP;
        for (long i = 0; i < vec; i += STEP) {
            FloatVector.fromMemorySegment(S, seg, off + i, NATIVE).div(divisor).intoMemorySegment(seg, off + i, NATIVE);
        }
        tail.divide(seg, off + vec, (bytes - vec) / 4, divisor);
    }
}
