package org.ddpkit.train.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.random.GeneratorState;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer's input and parameter gradients against central finite differences. */
class LayerGradientTest {
    private static final ComputePool TWO = ComputePool.create(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    static Stream<Arguments> linearShapes() {
        return Stream.of(
                Arguments.of(3, 2, 4, 1),
                Arguments.of(10, 5, 20, 1),
                Arguments.of(70, 33, 9, 2),
                Arguments.of(130, 20, 64, 2));
    }

    @ParameterizedTest(name = "Linear({0}, {1}) batch {2}, {3} thread(s)")
    @MethodSource("linearShapes")
    void linear(int in, int out, int batch, int threads) {
        Generator g = new Generator(in * 31L + out);
        Linear m = new Linear(in, out, g);
        m.setComputePool(threads == 1 ? ComputePool.serial() : TWO);
        Tensor x = GradCheck.random(g, MemoryFormat.CONTIGUOUS, batch, in);
        assertTrue(new GradCheck(m).check(x, 40, 7) > 0);
    }

    static Stream<Arguments> convShapes() {
        return Stream.of(
                Arguments.of(1, 3, 5, 6, 3, 1, 0, MemoryFormat.CONTIGUOUS, 1),
                Arguments.of(2, 4, 7, 5, 3, 2, 1, MemoryFormat.CONTIGUOUS, 2),
                Arguments.of(3, 5, 6, 6, 2, 1, 2, MemoryFormat.CHANNELS_LAST, 1),
                Arguments.of(2, 3, 8, 7, 3, 3, 1, MemoryFormat.CHANNELS_LAST, 2),
                Arguments.of(4, 32, 5, 5, 3, 1, 1, MemoryFormat.CHANNELS_LAST, 2),
                Arguments.of(32, 64, 6, 7, 3, 1, 0, MemoryFormat.CHANNELS_LAST, 2),
                Arguments.of(5, 80, 4, 4, 1, 1, 0, MemoryFormat.CONTIGUOUS, 1));
    }

    @ParameterizedTest(name = "Conv2d({0}→{1}) {2}x{3} k{4} s{5} p{6} {7}, {8} thread(s)")
    @MethodSource("convShapes")
    void conv2d(int c, int co, int h, int w, int k, int s, int p, MemoryFormat format, int threads) {
        Generator g = new Generator(c * 131L + co * 7L + k);
        Conv2d m = new Conv2d(c, co, k, s, p, true, g);
        m.setComputePool(threads == 1 ? ComputePool.serial() : TWO);
        Tensor x = GradCheck.random(g, format, 3, c, h, w);
        assertTrue(new GradCheck(m).check(x, 40, 11) > 0);
    }

    @ParameterizedTest(name = "ReLU {0}")
    @MethodSource("formats")
    void relu(MemoryFormat format) {
        Generator g = new Generator(3);
        Tensor x = GradCheck.spaced(g, 0.05, format, 2, 3, 4, 5);
        new GradCheck(new ReLU()).check(x, 120, 5);
    }

    static Stream<MemoryFormat> formats() {
        return Stream.of(MemoryFormat.CONTIGUOUS, MemoryFormat.CHANNELS_LAST);
    }

    static Stream<Arguments> poolShapes() {
        return Stream.of(
                Arguments.of(3, 6, 6, 2, 2, MemoryFormat.CONTIGUOUS),
                Arguments.of(3, 6, 6, 2, 2, MemoryFormat.CHANNELS_LAST),
                Arguments.of(20, 7, 5, 3, 2, MemoryFormat.CHANNELS_LAST),
                Arguments.of(4, 7, 5, 3, 2, MemoryFormat.CONTIGUOUS),
                Arguments.of(17, 5, 5, 2, 1, MemoryFormat.CHANNELS_LAST),
                Arguments.of(16, 5, 7, 2, 2, MemoryFormat.CHANNELS_LAST));
    }

    @ParameterizedTest(name = "MaxPool2d(k{3}, s{4}) on {0}x{1}x{2} {5}")
    @MethodSource("poolShapes")
    void maxPool(int c, int h, int w, int k, int s, MemoryFormat format) {
        Generator g = new Generator(c + h * 10L);
        Tensor x = GradCheck.spaced(g, 0.05, format, 2, c, h, w);
        MaxPool2d m = new MaxPool2d(k, s);
        m.setComputePool(TWO);
        new GradCheck(m).check(x, 100, 9);
    }

    @ParameterizedTest(name = "Dropout {0}")
    @MethodSource("formats")
    void dropout(MemoryFormat format) {
        Generator dg = new Generator(99);
        GeneratorState start = dg.state();
        Dropout m = new Dropout(0.3, dg);
        Generator g = new Generator(4);
        Tensor x = GradCheck.random(g, format, 2, 3, 4, 5);
        new GradCheck(m, () -> dg.setState(start), 1e-2, 2e-3).check(x, 120, 5);
    }

    @ParameterizedTest(name = "Flatten {0}")
    @MethodSource("formats")
    void flatten(MemoryFormat format) {
        Generator g = new Generator(5);
        Tensor x = GradCheck.random(g, format, 2, 3, 4, 5);
        new GradCheck(new Flatten()).check(x, 120, 5);
    }

    @Test
    void logSoftmax() {
        Generator g = new Generator(6);
        Tensor x = GradCheck.random(g, MemoryFormat.CONTIGUOUS, 4, 7);
        new GradCheck(new LogSoftmax()).check(x, 28, 5);
    }

    @Test
    void sequentialChainsTheGradients() {
        Generator g = new Generator(8);
        Sequential m = new Sequential()
                .add("conv", new Conv2d(2, 4, 3, 1, 1, true, g))
                .add("flatten", new Flatten())
                .add("fc", new Linear(4 * 5 * 5, 6, g))
                .add("logits", new LogSoftmax());
        Tensor x = GradCheck.random(g, MemoryFormat.CONTIGUOUS, 3, 2, 5, 5);
        new GradCheck(m).check(x, 30, 5);
    }
}
