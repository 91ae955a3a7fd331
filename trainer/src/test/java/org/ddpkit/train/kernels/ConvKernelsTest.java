package org.ddpkit.train.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.ddpkit.train.nn.Conv2d;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Conv2d's forward against the definition of cross-correlation, computed in double. */
class ConvKernelsTest {
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 32, 28, 28, 3, 1, 0),
                Arguments.of(32, 64, 10, 9, 3, 1, 0),
                Arguments.of(3, 7, 9, 11, 3, 2, 1),
                Arguments.of(2, 5, 6, 6, 5, 1, 2),
                Arguments.of(6, 16, 7, 7, 1, 1, 0),
                Arguments.of(4, 3, 9, 9, 4, 3, 2));
    }

    @ParameterizedTest(name = "{0}→{1}, {2}x{3}, k{4} s{5} p{6}")
    @MethodSource("shapes")
    void forwardIsCrossCorrelation(int c, int co, int h, int w, int k, int s, int p) {
        Generator g = new Generator(c * 7L + co);
        Conv2d conv = new Conv2d(c, co, k, s, p, true, g);
        for (MemoryFormat f : MemoryFormat.values()) {
            float[] v = new float[2 * c * h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = g.uniform(-1f, 1f);
            }
            Tensor x = new Tensor(new float[v.length], 0, f, 2, c, h, w);
            x.copyFrom(Tensor.of(v, 2, c, h, w));
            Tensor y = conv.forward(x);
            int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
            assertEquals(oh, y.dim(2));
            assertEquals(ow, y.dim(3));
            Tensor wt = conv.weight().data();
            Tensor b = conv.bias().data();
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < co; o++) {
                    for (int yy = 0; yy < oh; yy++) {
                        for (int xx = 0; xx < ow; xx++) {
                            double sum = b.get(o), mag = Math.abs(sum);
                            for (int i = 0; i < c; i++) {
                                for (int kh = 0; kh < k; kh++) {
                                    for (int kw = 0; kw < k; kw++) {
                                        int iy = yy * s + kh - p, ix = xx * s + kw - p;
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            double t = (double) x.get(n, i, iy, ix) * wt.get(o, i, kh, kw);
                                            sum += t;
                                            mag += Math.abs(t);
                                        }
                                    }
                                }
                            }
                            assertEquals(sum, y.get(n, o, yy, xx), 1e-5 * (mag + 1), "y[" + n + "," + o + "," + yy + "," + xx + "] " + f);
                        }
                    }
                }
            }
        }
    }
}
