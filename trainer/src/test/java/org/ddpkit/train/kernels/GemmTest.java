package org.ddpkit.train.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.ddpkit.train.random.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strided GEMM (every tile kernel and edge) against a plain double-precision loop. */
class GemmTest {
    static Stream<Arguments> shapes() {
        return Stream.of(
                // rows, cols, outer, inner, layout
                Arguments.of(4, 64, 1, 5, "dense"),
                Arguments.of(13, 130, 2, 7, "dense"),
                Arguments.of(8, 32, 3, 4, "dense"),
                Arguments.of(19, 97, 1, 3, "dense"),
                Arguments.of(1, 1, 1, 1, "dense"),
                Arguments.of(7, 200, 3, 11, "transposedA"),
                Arguments.of(24, 96, 1, 64, "overlappingRows"),
                Arguments.of(10, 48, 1, 9, "overlappingRows"));
    }

    @ParameterizedTest(name = "{0}x{1} over {2}x{3}, {4}")
    @MethodSource("shapes")
    void matchesReference(int rows, int cols, int outer, int inner, String layout) {
        Generator g = new Generator(rows * 1000L + cols);
        int k = outer * inner;
        // A as rows x k (dense) or k x rows (transposedA); B as k x cols with padding
        int aRow, aOuter, aInner;
        if (layout.equals("transposedA")) {
            aRow = 1;
            aInner = rows + 3;
            aOuter = inner * aInner;
        } else {
            aRow = k + 2;
            aInner = 1;
            aOuter = inner;
        }
        int bInner = cols + 5, bOuter = inner * bInner;
        int ldc = layout.equals("overlappingRows") ? cols / 3 : cols + 1;
        float[] a = fill(g, 3 + rows * aRow + k * Math.max(aInner, aRow == 1 ? aInner : 1) + outer * aOuter);
        float[] b = fill(g, 5 + outer * bOuter + cols);
        float[] c = fill(g, 7 + rows * ldc + cols);
        double[] expect = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            expect[i] = c[i];
        }
        double[] scale = new double[c.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double s = 0, mag = 0;
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double p = (double) a[3 + r * aRow + o * aOuter + i * aInner] * b[5 + o * bOuter + i * bInner + j];
                        s += p;
                        mag += Math.abs(p);
                    }
                }
                expect[7 + r * ldc + j] += s;
                scale[7 + r * ldc + j] += mag + Math.abs(expect[7 + r * ldc + j]);
            }
        }
        Gemm.run(rows, cols, outer, inner, a, 3, aRow, aOuter, aInner, b, 5, bOuter, bInner, c, 7, ldc);
        for (int i = 0; i < c.length; i++) {
            double tol = 1e-5 * (scale[i] + 1e-3);
            assertTrue(Math.abs(c[i] - expect[i]) <= tol, "c[" + i + "] = " + c[i] + ", expected " + expect[i]);
        }
    }

    private static float[] fill(Generator g, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = g.uniform(-1f, 1f);
        }
        return v;
    }
}
