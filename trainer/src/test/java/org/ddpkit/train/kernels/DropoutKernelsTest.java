package org.ddpkit.train.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutKernelsTest {
    /** The vector loop and the scalar rule agree on every element, and the keep rate is 1 − p. */
    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.25, 0.5, 0.9})
    void vectorAndScalarAgreeAndKeepOneMinusP(double p) {
        int n = 1_000_003;
        long base = 0xFFFF_FF00L;
        int key = DropoutKernels.blockKey(12345L, base);
        int threshold = (int) Math.ceil(p * 0x1.0p24);
        float scale = (float) (1 / (1 - p));
        float[] x = new float[n], mask = new float[n], y = new float[n];
        java.util.Arrays.fill(x, 2f);
        DropoutKernels.apply(key, base, threshold, scale, x, 0, mask, y, 0, n);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            boolean k = DropoutKernels.keep(key, base, i, threshold);
            assertEquals(k ? scale : 0f, mask[i], "mask[" + i + "]");
            assertEquals(2f * mask[i], y[i]);
            kept += k ? 1 : 0;
        }
        double sd = Math.sqrt(n * p * (1 - p));
        assertEquals(n * (1 - p), kept, 5 * sd, "kept " + kept + " of " + n);
    }
}
