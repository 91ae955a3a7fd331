package org.ddpkit.train.checkpoint;

import java.util.Arrays;
import java.util.Objects;
import org.ddpkit.train.tensor.Tensor;

/**
 * A tensor as a checkpoint file holds it: an element type, a shape (C order; {@code []} is a
 * scalar) and the elements in a Java array of the type's width (see {@link DType}). The array is
 * not copied on the way in or out: a tensor loaded from a file owns a fresh array, and one built
 * for saving reads the caller's array when it is written.
 */
public final class StoredTensor {
    private final DType dtype;
    private final int[] shape;
    private final Object array;

    private StoredTensor(DType dtype, int[] shape, Object array) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.array = Objects.requireNonNull(array, "array");
        if (array.getClass() != dtype.arrayClass()) {
            throw new IllegalArgumentException(dtype + " elements go in a " + dtype.arrayClass().getSimpleName()
                    + ", got a " + array.getClass().getSimpleName());
        }
        long n = elementCount(shape);
        if (n != dtype.kind().length(array)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, the array has "
                    + dtype.kind().length(array));
        }
    }

    /** A tensor of {@code dtype} on {@code array} (its class must be {@code dtype.arrayClass()}). */
    public static StoredTensor of(DType dtype, Object array, int... shape) {
        return new StoredTensor(dtype, shape, array);
    }

    public static StoredTensor f32(float[] values, int... shape) {
        return new StoredTensor(DType.F32, shape, values);
    }

    public static StoredTensor f64(double[] values, int... shape) {
        return new StoredTensor(DType.F64, shape, values);
    }

    public static StoredTensor i64(long[] values, int... shape) {
        return new StoredTensor(DType.I64, shape, values);
    }

    public static StoredTensor i32(int[] values, int... shape) {
        return new StoredTensor(DType.I32, shape, values);
    }

    public static StoredTensor u8(byte[] values, int... shape) {
        return new StoredTensor(DType.U8, shape, values);
    }

    /** A 0-dimensional I64 tensor (a counter such as the step). */
    public static StoredTensor scalar(long value) {
        return i64(new long[] {value});
    }

    /** A 0-dimensional F64 tensor (a learning rate, exactly). */
    public static StoredTensor scalar(double value) {
        return f64(new double[] {value});
    }

    /** An F32 copy of {@code t}'s elements in logical (C) order: later changes to {@code t} do not show. */
    public static StoredTensor copyOf(Tensor t) {
        return f32(t.toArray(), t.shape());
    }

    /** Number of elements of {@code shape} (1 for a scalar), or an exception when it is negative or overflows. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimensions must be ≥ 0");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int count() {
        return dtype.kind().length(array);
    }

    /** Bytes this tensor takes in a file. */
    public long byteSize() {
        return (long) count() * dtype.size();
    }

    /** The backing array (not a copy); its class is {@code dtype().arrayClass()}. */
    public Object array() {
        return array;
    }

    public float[] floats() {
        return typed(float[].class);
    }

    public double[] doubles() {
        return typed(double[].class);
    }

    public long[] longs() {
        return typed(long[].class);
    }

    public int[] ints() {
        return typed(int[].class);
    }

    public short[] shorts() {
        return typed(short[].class);
    }

    public byte[] bytes() {
        return typed(byte[].class);
    }

    private <A> A typed(Class<A> c) {
        if (array.getClass() != c) {
            throw new IllegalStateException("a " + dtype + " tensor holds a " + array.getClass().getSimpleName()
                    + ", not a " + c.getSimpleName());
        }
        return c.cast(array);
    }

    /**
     * This tensor as a trainer {@link Tensor}: F32 shares the array; F16, BF16 and F64 are
     * converted (as PyTorch's {@code copy_} does when a state dict of another float type is
     * loaded); integer types are refused.
     */
    public Tensor toTensor() {
        float[] values = switch (dtype) {
            case F32 -> (float[]) array;
            case F64 -> {
                double[] d = (double[]) array;
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            case F16, BF16 -> {
                short[] s = (short[]) array;
                float[] f = new float[s.length];
                for (int i = 0; i < s.length; i++) {
                    f[i] = dtype == DType.F16 ? Float.float16ToFloat(s[i]) : Float.intBitsToFloat((s[i] & 0xFFFF) << 16);
                }
                yield f;
            }
            default -> throw new IllegalStateException("a " + dtype + " tensor cannot become a float tensor");
        };
        return Tensor.of(values, shape);
    }

    /** Same type, shape and elements, bit for bit. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StoredTensor t && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && dtype.kind().equal(array, t.array);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), dtype.kind().hash(array));
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
