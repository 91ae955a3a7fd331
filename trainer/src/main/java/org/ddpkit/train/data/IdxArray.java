package org.ddpkit.train.data;

/**
 * The contents of an IDX file: element type, dimensions, and the raw big-endian data.
 *
 * @param type element type
 * @param dims dimension sizes, outermost first
 * @param data the elements, {@code product(dims) · type.bytes()} bytes
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {
    /** Number of elements. */
    public long count() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
