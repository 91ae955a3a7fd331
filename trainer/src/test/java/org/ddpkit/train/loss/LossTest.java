package org.ddpkit.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ddpkit.train.nn.LogSoftmax;
import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest {
    @Test
    void nllOfKnownProbabilities() {
        // rows are log(.2, .5, .3) and log(.1, .1, .8); targets 1 and 2: loss = −(ln .5 + ln .8)/2
        Tensor lp = Tensor.of(new float[] {(float) Math.log(.2), (float) Math.log(.5), (float) Math.log(.3),
            (float) Math.log(.1), (float) Math.log(.1), (float) Math.log(.8)}, 2, 3);
        NllLoss nll = new NllLoss();
        assertEquals(-(Math.log(.5) + Math.log(.8)) / 2, nll.forward(lp, new int[] {1, 2}), 1e-6);
        assertArrayEquals(new float[] {0, -.5f, 0, 0, 0, -.5f}, nll.backward().toArray());
        NllLoss sum = new NllLoss(Reduction.SUM);
        assertEquals(-(Math.log(.5) + Math.log(.8)), sum.forward(lp, new int[] {1, 2}), 1e-6);
    }

    @Test
    void crossEntropyOfKnownLogits() {
        // logits (1, 2, 3), target 2: loss = ln(e¹+e²+e³) − 3 = ln(1 + e⁻¹ + e⁻²); gradient softmax − onehot
        CrossEntropyLoss ce = new CrossEntropyLoss();
        float loss = ce.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3), new int[] {2});
        assertEquals(Math.log(1 + Math.exp(-1) + Math.exp(-2)), loss, 1e-6);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        float[] g = ce.backward().toArray();
        assertEquals(Math.exp(1) / z, g[0], 1e-6);
        assertEquals(Math.exp(2) / z, g[1], 1e-6);
        assertEquals(Math.exp(3) / z - 1, g[2], 1e-6);
    }

    @Test
    void crossEntropyIsLogSoftmaxThenNll() {
        Generator g = new Generator(1);
        float[] v = new float[6 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = g.uniform(-3f, 3f);
        }
        int[] t = {0, 9, 3, 3, 7, 1};
        Tensor x = Tensor.of(v, 6, 10);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        LogSoftmax ls = new LogSoftmax();
        NllLoss nll = new NllLoss();
        assertEquals(nll.forward(ls.forward(x), t), ce.forward(x, t), 1e-6);
        float[] fused = ce.backward().toArray();
        float[] chained = ls.backward(nll.backward()).toArray();
        assertArrayEquals(chained, fused, 1e-6f);
    }

    @Test
    void mseOfKnownValues() {
        // x = (1, 2, 3), t = 1: mean of (0, 1, 4) = 5/3; gradient 2(x − t)/3
        MseLoss mse = new MseLoss();
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3), t = Tensor.of(new float[] {1, 1, 1}, 3);
        assertEquals(5.0 / 3, mse.forward(x, t), 1e-6);
        assertArrayEquals(new float[] {0, 2f / 3, 4f / 3}, mse.backward().toArray(), 1e-6f);
        MseLoss sum = new MseLoss(Reduction.SUM);
        assertEquals(5.0, sum.forward(x, t), 1e-6);
        assertArrayEquals(new float[] {0, 2, 4}, sum.backward().toArray(), 1e-6f);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        Generator g = new Generator(2);
        float[] v = new float[4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = g.uniform(-2f, 2f);
        }
        int[] t = {4, 0, 2, 2};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Tensor x = Tensor.of(v, 4, 5);
        ce.forward(x, t);
        float[] grad = ce.backward().toArray();
        for (int i = 0; i < v.length; i++) {
            float saved = v[i];
            v[i] = saved + 1e-2f;
            double plus = ce.forward(x, t);
            v[i] = saved - 1e-2f;
            double minus = ce.forward(x, t);
            v[i] = saved;
            assertEquals((plus - minus) / 2e-2, grad[i], 2e-3, "d loss / d x[" + i + "]");
        }
    }

    @Test
    void badTargetsAreRejected() {
        Tensor x = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NllLoss().forward(x, new int[] {0, 3}));
        assertEquals("target 3 at row 1 is out of bounds for 3 classes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MseLoss().forward(x, Tensor.zeros(3, 2)));
    }
}
