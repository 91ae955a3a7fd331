package org.ddpkit.train.nn;

import static org.ddpkit.train.nn.GradCheck.assertSameBits;

import org.ddpkit.train.random.Generator;
import org.ddpkit.train.tensor.MemoryFormat;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A layer followed by ReLU gives the same bits fused (inside Sequential) as run one by one. */
class FusionTest {
    @Test
    void convAndLinearWithReluFuseWithoutChangingResults() {
        Sequential fused = model(new Generator(1));
        Sequential plain = model(new Generator(1));
        Tensor x = GradCheck.random(new Generator(2), MemoryFormat.CONTIGUOUS, 4, 3, 8, 8);
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

    private static Sequential model(Generator g) {
        return new Sequential()
                .add("conv", new Conv2d(3, 16, 3, 1, 1, true, g))
                .add("relu1", new ReLU())
                .add("pool", new MaxPool2d(2))
                .add("flatten", new Flatten())
                .add("fc1", new Linear(16 * 4 * 4, 12, g))
                .add("relu2", new ReLU())
                .add("fc2", new Linear(12, 5, g));
    }
}
