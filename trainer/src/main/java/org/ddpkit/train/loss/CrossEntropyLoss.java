package org.ddpkit.train.loss;

import org.ddpkit.train.nn.LogSoftmax;
import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * Cross-entropy of class targets given raw scores {@code [N, C]}: log-softmax followed by
 * NLL, with the fused gradient {@code (softmax(x) − onehot(t)) / N}.
 */
public final class CrossEntropyLoss {
    private final Reduction reduction;
    private final Workspace logProbs = new Workspace();
    private final Workspace grad = new Workspace();
    private int n;
    private int classes;
    private int[] targets;

    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public float forward(Tensor logits, int[] targets) {
        NllLoss.checkTargets(logits, targets);
        n = logits.dim(0);
        classes = logits.dim(1);
        this.targets = targets;
        Tensor lp = logProbs.get2(n, classes);
        float[] y = lp.data();
        LogSoftmax.apply(logits.data(), logits.offset(), y, n, classes);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum -= y[i * classes + targets[i]];
        }
        return (float) (reduction == Reduction.MEAN ? sum / n : sum);
    }

    public Tensor backward() {
        Tensor d = grad.get2(n, classes);
        float[] y = logProbs.array(n * classes), dx = d.data();
        float scale = reduction == Reduction.MEAN ? 1f / n : 1f;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < classes; j++) {
                float p = (float) Math.exp(y[i * classes + j]);
                dx[i * classes + j] = (p - (j == targets[i] ? 1f : 0f)) * scale;
            }
        }
        return d;
    }
}
