package org.ddpkit.comm.core;

import org.ddpkit.comm.ReduceOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API loops equal the scalar ones bit for bit (NaN, ±0, infinities, odd lengths and
 * unaligned offsets included), so ranks with and without the vector module agree, and the scalar
 * loops match a reference written with plain Java arithmetic.
 */
class ReduceKernelsTest {
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MAX_VALUE, 1e-40f};

    private static MemorySegment randomFloats(Arena a, int n, long seed) {
        MemorySegment s = a.allocate(4L * n + 4, 64).asSlice(4); // unaligned to the vector width
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            float v = r.nextInt(10) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian() * 100f;
            s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v);
        }
        return s;
    }

    private static float reference(ReduceOp op, float a, float b) {
        return switch (op) {
            case SUM, AVG -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void vectorAndScalarCombineAgreeBitForBit(ReduceOp op) {
        ReduceKernels vector = new VectorReduceKernels();
        ReduceKernels scalar = new ScalarReduceKernels();
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 4099}) {
            try (Arena a = Arena.ofConfined()) {
                int count = 3;
                MemorySegment in = a.allocate(4L * n * count + 4, 64).asSlice(4);
                for (int j = 0; j < count; j++) {
                    MemorySegment.copy(randomFloats(a, n, 31 * n + j), 0, in, 4L * n * j, 4L * n);
                }
                long[] offs = {0, 4L * n, 8L * n};
                MemorySegment outV = a.allocate(4L * n + 8).asSlice(8);
                MemorySegment outS = a.allocate(4L * n + 8).asSlice(8);
                vector.combine(in, offs, count, outV, 0, n, op);
                scalar.combine(in, offs, count, outS, 0, n, op);
                for (int i = 0; i < n; i++) {
                    float x = in.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                    float y = in.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, n + i);
                    float z = in.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2L * n + i);
                    float want = reference(op, reference(op, x, y), z);
                    float gotS = outS.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                    float gotV = outV.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(gotS), op + " scalar n=" + n + " [" + i + "]");
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(gotV), op + " vector n=" + n + " [" + i + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void accumulateAndDivideAgree(ReduceOp op) {
        ReduceKernels vector = new VectorReduceKernels();
        ReduceKernels scalar = new ScalarReduceKernels();
        try (Arena a = Arena.ofConfined()) {
            int n = 5003;
            MemorySegment src = randomFloats(a, n, 7);
            MemorySegment dv = randomFloats(a, n, 8);
            MemorySegment ds = a.allocate(4L * n + 4).asSlice(4);
            MemorySegment.copy(dv, 0, ds, 0, 4L * n);
            vector.accumulate(dv, 0, src, 0, n, op);
            scalar.accumulate(ds, 0, src, 0, n, op);
            vector.divide(dv, 0, n, 3f);
            scalar.divide(ds, 0, n, 3f);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(ds.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i)),
                        Float.floatToRawIntBits(dv.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i)), op + " [" + i + "]");
            }
        }
    }
}
