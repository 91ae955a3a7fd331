package org.ddpkit.train.loss;

import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * Negative log-likelihood of class targets given log-probabilities {@code [N, C]}:
 * {@code −Σ_i x[i][t_i]} divided by {@code N} for {@link Reduction#MEAN}.
 */
public final class NllLoss {
    private final Reduction reduction;
    private final Workspace grad = new Workspace();
    private int n;
    private int classes;
    private int[] targets;

    public NllLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public NllLoss() {
        this(Reduction.MEAN);
    }

    /** The loss for {@code logProbs} and one target class per row. */
    public float forward(Tensor logProbs, int[] targets) {
        checkTargets(logProbs, targets);
        n = logProbs.dim(0);
        classes = logProbs.dim(1);
        this.targets = targets;
        double sum = 0;
        float[] x = logProbs.data();
        for (int i = 0; i < n; i++) {
            sum -= x[logProbs.offset() + i * classes + targets[i]];
        }
        return (float) (reduction == Reduction.MEAN ? sum / n : sum);
    }

    /** The gradient with respect to the last forward's input. */
    public Tensor backward() {
        Tensor d = grad.get2(n, classes);
        d.fill(0f);
        float v = reduction == Reduction.MEAN ? -1f / n : -1f;
        for (int i = 0; i < n; i++) {
            d.data()[i * classes + targets[i]] = v;
        }
        return d;
    }

    static void checkTargets(Tensor x, int[] targets) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("loss input must be [N, C], got " + x);
        }
        int n = x.dim(0), c = x.dim(1);
        if (targets.length < n) {
            throw new IllegalArgumentException(n + " rows but " + targets.length + " targets");
        }
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) {
                throw new IllegalArgumentException("target " + targets[i] + " at row " + i + " is out of bounds for " + c + " classes");
            }
        }
    }
}
