package org.ddpkit.train.checkpoint;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: its name, type, shape, and its byte range
 * {@code [begin, end)} in the data section that follows the header.
 */
record TensorSlot(String name, DType dtype, int[] shape, long begin, long end) {
    TensorSlot {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    long byteSize() {
        return end - begin;
    }

    int count() {
        return Math.toIntExact(StoredTensor.elementCount(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
