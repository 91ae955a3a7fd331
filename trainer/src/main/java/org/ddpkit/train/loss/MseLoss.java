package org.ddpkit.train.loss;

import java.util.Arrays;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/** Mean squared error {@code Σ (x − t)² / numel} (or the sum); gradient {@code 2(x − t)/numel}. */
public final class MseLoss {
    private final Reduction reduction;
    private final Workspace grad = new Workspace();
    private Tensor input;
    private Tensor target;

    public MseLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public MseLoss() {
        this(Reduction.MEAN);
    }

    public float forward(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("MSE input " + input + " and target " + target + " differ in shape");
        }
        this.input = input;
        this.target = target;
        float[] x = input.toArray(), t = target.toArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - t[i];
            sum += d * d;
        }
        return (float) (reduction == Reduction.MEAN ? sum / x.length : sum);
    }

    /** The gradient, with the input's shape and memory format. */
    public Tensor backward() {
        float[] x = input.toArray(), t = target.toArray();
        float scale = reduction == Reduction.MEAN ? 2f / x.length : 2f;
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = (x[i] - t[i]) * scale;
        }
        Tensor d = grad.get(input.format(), input.shape());
        d.copyFrom(Tensor.of(g, input.shape()));
        return d;
    }
}
