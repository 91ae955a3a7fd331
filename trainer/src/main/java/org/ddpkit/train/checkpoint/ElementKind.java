package org.ddpkit.train.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The Java array type that holds the elements of a {@link DType}, and the little-endian copies
 * between such an array and a byte buffer (the buffer must be in little-endian order).
 */
enum ElementKind {
    BYTE(byte[].class) {
        @Override
        Object newArray(int n) {
            return new byte[n];
        }

        @Override
        int length(Object a) {
            return ((byte[]) a).length;
        }

        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.get(src.position(), (byte[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.put(dst.position(), (byte[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((byte[]) a);
        }
    },
    SHORT(short[].class) {
        @Override
        Object newArray(int n) {
            return new short[n];
        }

        @Override
        int length(Object a) {
            return ((short[]) a).length;
        }

        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asShortBuffer().get((short[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asShortBuffer().put((short[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            return Arrays.equals((short[]) a, (short[]) b);
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((short[]) a);
        }
    },
    INT(int[].class) {
        @Override
        Object newArray(int n) {
            return new int[n];
        }

        @Override
        int length(Object a) {
            return ((int[]) a).length;
        }

        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asIntBuffer().get((int[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asIntBuffer().put((int[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            return Arrays.equals((int[]) a, (int[]) b);
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((int[]) a);
        }
    },
    FLOAT(float[].class) {
        @Override
        Object newArray(int n) {
            return new float[n];
        }

        @Override
        int length(Object a) {
            return ((float[]) a).length;
        }

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
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((float[]) a);
        }
    },
    LONG(long[].class) {
        @Override
        Object newArray(int n) {
            return new long[n];
        }

        @Override
        int length(Object a) {
            return ((long[]) a).length;
        }

        @Override
        void get(ByteBuffer src, Object a, int off, int n) {
            src.asLongBuffer().get((long[]) a, off, n);
        }

        @Override
        void put(ByteBuffer dst, Object a, int off, int n) {
            dst.asLongBuffer().put((long[]) a, off, n);
        }

        @Override
        boolean equal(Object a, Object b) {
            return Arrays.equals((long[]) a, (long[]) b);
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((long[]) a);
        }
    },
    DOUBLE(double[].class) {
        @Override
        Object newArray(int n) {
            return new double[n];
        }

        @Override
        int length(Object a) {
            return ((double[]) a).length;
        }

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
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        int hash(Object a) {
            return Arrays.hashCode((double[]) a);
        }
    };

    private final Class<?> arrayClass;

    ElementKind(Class<?> arrayClass) {
        this.arrayClass = arrayClass;
    }

    Class<?> arrayClass() {
        return arrayClass;
    }

    abstract Object newArray(int n);

    abstract int length(Object array);

    /** Copies {@code n} elements from {@code src}'s position into {@code array[off ..]}; the view does not move {@code src}. */
    abstract void get(ByteBuffer src, Object array, int off, int n);

    /** Copies {@code array[off .. off+n)} to {@code dst}'s position; the view does not move {@code dst}. */
    abstract void put(ByteBuffer dst, Object array, int off, int n);

    /** Element-wise equality, bit for bit (NaN payloads and signed zeros included). */
    abstract boolean equal(Object a, Object b);

    abstract int hash(Object array);
}
