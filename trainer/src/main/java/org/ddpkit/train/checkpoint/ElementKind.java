package org.ddpkit.train.checkpoint;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The Java array type that holds the elements of a {@link DType}, and the little-endian copies
 * between such an array and a byte buffer (in little-endian order). The copies go through views,
 * so they leave the buffer's position where it was.
 */
enum ElementKind {
    BYTE(byte[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.get(src.position(), (byte[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.put(dst.position(), (byte[]) a, off, n);
        }
    },
    SHORT(short[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asShortBuffer().get((short[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asShortBuffer().put((short[]) a, off, n);
        }
    },
    INT(int[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asIntBuffer().get((int[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asIntBuffer().put((int[]) a, off, n);
        }
    },
    FLOAT(float[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asFloatBuffer().get((float[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asFloatBuffer().put((float[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            float[] x = (float[]) a, y = (float[]) b;
            return x.length == y.length && IntStream.range(0, x.length)
                            .allMatch(i -> Float.floatToRawIntBits(x[i]) == Float.floatToRawIntBits(y[i]));
        }
    },
    LONG(long[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asLongBuffer().get((long[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asLongBuffer().put((long[]) a, off, n);
        }
    },
    DOUBLE(double[].class) {
        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asDoubleBuffer().get((double[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asDoubleBuffer().put((double[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            double[] x = (double[]) a, y = (double[]) b;
            return x.length == y.length && IntStream.range(0, x.length)
                            .allMatch(i -> Double.doubleToRawLongBits(x[i]) == Double.doubleToRawLongBits(y[i]));
        }
    };

    private final Class<?> arrayClass;

    ElementKind(Class<?> arrayClass) {
        this.arrayClass = arrayClass;
    }

    Class<?> arrayClass() {
        return arrayClass;
    }

    Object newArray(int n) {
        return Array.newInstance(arrayClass.getComponentType(), n);
    }

    int length(Object array) {
        return Array.getLength(array);
    }

    /** Copies {@code n} elements from {@code src}'s position into {@code array[off ..]}. */
    abstract void get(ByteBuffer src, Object array, int off, int n);

    /** Copies {@code array[off .. off+n)} to {@code dst}'s position. */
    abstract void put(ByteBuffer dst, Object array, int off, int n);

    /** Element-wise equality, bit for bit (for floats: NaN payloads and signed zeros included). */
    boolean equal(Object a, Object b) {
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    int hash(Object array) {
        return Arrays.deepHashCode(new Object[] {array});
    }
}
