package org.ddpkit.train.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PyTorch's bucket rule: close a bucket once it holds at least its cap. */
class BucketAssignmentTest {
    static Stream<Arguments> table() {
        long mib = 1L << 20;
        // the CNN's gradients in reverse order: fc2.b, fc2.w, fc1.b, fc1.w, conv2.b, conv2.w, conv1.b, conv1.w
        long[] cnn = {40, 5120, 512, 4_718_592, 256, 73_728, 128, 1152};
        return Stream.of(
                Arguments.of("CNN, PyTorch's 1 MiB first and 25 MiB later caps", cnn, mib, 25 * mib, "[[0, 1, 2, 3], [4, 5, 6, 7]]"),
                Arguments.of("CNN, 25 MiB for all: one bucket", cnn, 25 * mib, 25 * mib, "[[0, 1, 2, 3, 4, 5, 6, 7]]"),
                Arguments.of("CNN, 64 KiB: the big ones close buckets", cnn, 64 << 10, 64 << 10, "[[0, 1, 2, 3], [4, 5], [6, 7]]"),
                Arguments.of("every tensor at the cap: one each", new long[] {20, 200, 40, 400}, 16, 16, "[[0], [1], [2], [3]]"),
                Arguments.of("small first cap, larger later", new long[] {20, 200, 40, 400}, 10, 100, "[[0], [1], [2, 3]]"),
                Arguments.of("exactly the cap closes", new long[] {8, 8, 8, 8}, 16, 16, "[[0, 1], [2, 3]]"),
                Arguments.of("empty tensors ride along", new long[] {0, 0, 8}, 4, 4, "[[0, 1, 2]]"),
                Arguments.of("no tensors, no buckets", new long[] {}, 4, 4, "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void assignsLikePyTorch(String what, long[] bytes, long firstCap, long cap, String expected) {
        List<int[]> buckets = BucketAssignment.assign(bytes, firstCap, cap);
        assertEquals(expected, buckets.stream().map(Arrays::toString).toList().toString(), what);
    }
}
