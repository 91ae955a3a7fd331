package org.ddpkit.train.nn;

import static org.ddpkit.train.nn.GradCheck.assertSameBits;

import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import java.util.stream.Stream;
import org.ddpkit.train.kernels.ComputePool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fused steps inside Sequential (layer + ReLU, and conv + ReLU + max-pool) give the same bits
 * as running the layers one by one.
 */
class FusionTest {
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(16, 8, 2, 2, 2),
                Arguments.of(20, 9, 3, 2, 2),
                Arguments.of(64, 10, 2, 1, 2));
    }

    @ParameterizedTest(name = "{0} channels, {1}x{1}, pool k{2} s{3}, {4} thread(s)")
    @MethodSource("shapes")
    void convAndLinearWithReluFuseWithoutChangingResults(int channels, int size, int k, int s, int threads) {
        Sequential fused = model(new Generator(1), channels, size, k, s);
        Sequential plain = model(new Generator(1), channels, size, k, s);
        try (ComputePool pool = ComputePool.create(threads)) {
            fused.setComputePool(pool);
            plain.setComputePool(pool);
            compare(fused, plain, size);
        }
    }

    private static void compare(Sequential fused, Sequential plain, int size) {
        Tensor x = GradCheck.random(new Generator(2), MemoryFormat.CONTIGUOUS, 4, 3, size, size);
        Tensor yf = fused.forward(x).copy();
        Tensor h = x;
        for (Module m : plain.layers()) {
            h = m.forward(h);
        }
        assertSameBits(yf.toArray(), h.toArray(), "forward");
        Tensor g = GradCheck.random(new Generator(3), MemoryFormat.CONTIGUOUS, 4, 5);
        fused.zeroGrad();
        plain.zeroGrad();
        float[] dxf = fused.backward(g).toArray();
        Tensor d = g;
        for (int i = plain.layers().size() - 1; i >= 0; i--) {
            d = plain.layers().get(i).backward(d, true);
        }
        assertSameBits(dxf, d.toArray(), "input gradient");
        for (String name : fused.namedParameters().keySet()) {
            assertSameBits(fused.namedParameters().get(name).grad().toArray(),
                    plain.namedParameters().get(name).grad().toArray(), name);
        }
    }

    private static Sequential model(Generator g, int channels, int size, int k, int s) {
        int p = (size - k) / s + 1;
        return new Sequential()
                .add("conv", new Conv2d(3, channels, 3, 1, 1, true, g))
                .add("relu1", new ReLU())
                .add("pool", new MaxPool2d(k, s))
                .add("flatten", new Flatten())
                .add("fc1", new Linear(channels * p * p, 12, g))
                .add("relu2", new ReLU())
                .add("fc2", new Linear(12, 5, g));
    }
}
