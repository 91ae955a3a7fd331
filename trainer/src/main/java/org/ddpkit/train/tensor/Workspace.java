package org.ddpkit.train.tensor;

import java.util.Arrays;

/**
 * A reusable buffer: hands out a tensor of the asked shape backed by an array that only grows,
 * and the same {@link Tensor} object while the shape stays the same, so a training loop at a
 * fixed batch size allocates nothing.
 */
public final class Workspace {
    private float[] data = new float[0];
    private Tensor view;

    /** A tensor of this shape on the buffer; its contents are whatever was there before. */
    public Tensor get(MemoryFormat format, int... shape) {
        if (view != null && view.format() == format && sameShape(view, shape)) {
            return view;
        }
        int n = Tensor.count(shape);
        if (n > data.length) {
            data = new float[n];
        }
        view = new Tensor(data, 0, format, shape);
        return view;
    }

    /** A contiguous 2-D tensor {@code [rows, cols]} on the buffer. */
    public Tensor get2(int rows, int cols) {
        Tensor v = view;
        if (v != null && v.rank() == 2 && v.dim(0) == rows && v.dim(1) == cols) {
            return v;
        }
        return get(MemoryFormat.CONTIGUOUS, rows, cols);
    }

    /** A 4-D tensor on the buffer. */
    public Tensor get4(MemoryFormat format, int n, int c, int h, int w) {
        Tensor v = view;
        if (v != null && v.format() == format && v.rank() == 4 && v.dim(0) == n && v.dim(1) == c
                && v.dim(2) == h && v.dim(3) == w) {
            return v;
        }
        return get(format, n, c, h, w);
    }

    /** A raw array of at least {@code n} elements (contents unspecified). */
    public float[] array(int n) {
        if (n > data.length) {
            data = new float[n];
            view = null;
        }
        return data;
    }

    /** A raw array of at least {@code n} zeros. */
    public float[] zeroed(int n) {
        float[] a = array(n);
        Arrays.fill(a, 0, n, 0f);
        return a;
    }

    private static boolean sameShape(Tensor t, int[] shape) {
        if (t.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (t.dim(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }
}
