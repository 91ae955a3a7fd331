package org.ddpkit.train.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor: a logical shape, a memory format, and {@code size()} elements of a
 * {@code float[]} starting at {@code offset()}. Tensors do not own their array exclusively:
 * a layer's output is a view on the layer's reusable buffer and stays valid until that layer's
 * next forward call ({@link #copy()} it to keep it).
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int size;
    private final MemoryFormat format;

    /** A view of {@code data[offset ..]} with the given shape and memory format. */
    public Tensor(float[] data, int offset, MemoryFormat format, int... shape) {
        this.data = Objects.requireNonNull(data, "data");
        this.format = Objects.requireNonNull(format, "format");
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimensions must be ≥ 0");
            }
            n *= d;
        }
        if (format == MemoryFormat.CHANNELS_LAST && shape.length != 4) {
            throw new IllegalArgumentException("channels-last needs a 4-D shape, got " + Arrays.toString(shape));
        }
        if (offset < 0 || offset + n > data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " at offset " + offset
                    + " does not fit an array of " + data.length);
        }
        this.offset = offset;
        this.size = (int) n;
    }

    /** A new zero tensor in the contiguous format. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[count(shape)], 0, MemoryFormat.CONTIGUOUS, shape);
    }

    /** A contiguous tensor on {@code values} (not copied). */
    public static Tensor of(float[] values, int... shape) {
        if (count(shape) != values.length) {
            throw new IllegalArgumentException(values.length + " values do not make shape " + Arrays.toString(shape));
        }
        return new Tensor(values, 0, MemoryFormat.CONTIGUOUS, shape);
    }

    /** Number of elements of a shape. */
    public static int count(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        }
        return (int) n;
    }

    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public int size() {
        return size;
    }

    public MemoryFormat format() {
        return format;
    }

    /** True when the logical order is the memory order. */
    public boolean isContiguous() {
        return format == MemoryFormat.CONTIGUOUS || shape[1] == 1;
    }

    /** Index into {@link #data()} of the element at logical indices {@code idx}. */
    public int index(int... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("need " + shape.length + " indices, got " + idx.length);
        }
        for (int i = 0; i < idx.length; i++) {
            Objects.checkIndex(idx[i], shape[i]);
        }
        if (format == MemoryFormat.CHANNELS_LAST) {
            int c = shape[1], h = shape[2], w = shape[3];
            return offset + ((idx[0] * h + idx[2]) * w + idx[3]) * c + idx[1];
        }
        int at = 0;
        for (int i = 0; i < idx.length; i++) {
            at = at * shape[i] + idx[i];
        }
        return offset + at;
    }

    public float get(int... idx) {
        return data[index(idx)];
    }

    public void set(float value, int... idx) {
        data[index(idx)] = value;
    }

    /** The same elements with another shape (contiguous tensors only). */
    public Tensor reshape(int... newShape) {
        if (!isContiguous()) {
            throw new IllegalStateException("reshape of a channels-last tensor: call contiguous() first");
        }
        if (count(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(data, offset, MemoryFormat.CONTIGUOUS, newShape);
    }

    /** The elements in logical (contiguous) order, as a new array. */
    public float[] toArray() {
        if (isContiguous()) {
            return Arrays.copyOfRange(data, offset, offset + size);
        }
        float[] out = new float[size];
        int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < hw; p++) {
                for (int ch = 0; ch < c; ch++) {
                    out[(s * c + ch) * hw + p] = data[offset + (s * hw + p) * c + ch];
                }
            }
        }
        return out;
    }

    /** A contiguous copy that owns its array. */
    public Tensor copy() {
        return Tensor.of(toArray(), shape);
    }

    /** This tensor in the contiguous format: itself when it already is, else a copy. */
    public Tensor contiguous() {
        return isContiguous() && format == MemoryFormat.CONTIGUOUS ? this : copy();
    }

    public void fill(float value) {
        Arrays.fill(data, offset, offset + size, value);
    }

    /** Copies {@code other}'s elements (same logical shape, any formats) into this tensor. */
    public void copyFrom(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(other.shape) + " into " + Arrays.toString(shape));
        }
        if (format == other.format || (isContiguous() && other.isContiguous())) {
            System.arraycopy(other.data, other.offset, data, offset, size);
        } else if (isContiguous()) {
            System.arraycopy(other.toArray(), 0, data, offset, size);
        } else {
            int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < hw; p++) {
                        data[offset + (s * hw + p) * c + ch] = other.data[other.offset + (s * c + ch) * hw + p];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (format == MemoryFormat.CHANNELS_LAST ? " channels-last" : "");
    }
}
