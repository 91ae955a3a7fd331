package org.ddpkit.train.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dropout masks from a counter-based hash, 16 lanes at a time: element {@code i} of a call
 * whose block of draws starts at {@code base} keeps its value when the top 24 bits of
 * {@code fmix32(lo32(base + i)·0x9E3779B1 ⊕ key32)} reach {@code p·2²⁴} (MurmurHash3's
 * finaliser; {@code key32} mixes the generator's key with the block's high 32 bits). A pure
 * function of {@code (key, base, i)}, so any split over threads gives the same mask.
 */
public final class DropoutKernels {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final int L = 16;

    private DropoutKernels() {}

    /** MurmurHash3's 32-bit finaliser. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** The 32-bit key of the block of draws starting at {@code base} of a generator with key {@code key}. */
    public static int blockKey(long key, long base) {
        long z = key + (base >>> 32) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }

    /** True when element {@code i} of the block is kept (probability 1 − p). */
    public static boolean keep(int key32, long base, long i, int threshold24) {
        return (fmix32((int) (base + i) * 0x9E3779B1 ^ key32) >>> 8) >= threshold24;
    }

    /**
     * For elements {@code [from, to)} of a call: {@code mask[i] = keep ? scale : 0} and
     * {@code y[i] = x[xOff + i] · mask[i]}.
     */
    public static void apply(int key32, long base, int threshold24, float scale,
            float[] x, int xOff, float[] mask, float[] y, int from, int to) {
        IntVector iota = IntVector.zero(I).addIndex(1);
        FloatVector keepV = FloatVector.broadcast(F, scale), zero = FloatVector.zero(F);
        int i = from;
        for (; i + L <= to; i += L) {
            IntVector h = iota.add((int) (base + i)).mul(0x9E3779B1).lanewise(VectorOperators.XOR, key32);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
            VectorMask<Integer> kept = h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold24);
            FloatVector m = zero.blend(keepV, kept.cast(F));
            m.intoArray(mask, i);
            FloatVector.fromArray(F, x, xOff + i).mul(m).intoArray(y, i);
        }
        for (; i < to; i++) {
            float m = keep(key32, base, i, threshold24) ? scale : 0f;
            mask[i] = m;
            y[i] = x[xOff + i] * m;
        }
    }
}
