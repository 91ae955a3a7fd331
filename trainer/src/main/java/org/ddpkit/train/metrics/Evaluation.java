package org.ddpkit.train.metrics;

import org.ddpkit.train.data.Batch;
import org.ddpkit.train.data.DataLoader;
import org.ddpkit.train.loss.NllLoss;
import org.ddpkit.train.loss.Reduction;
import org.ddpkit.train.nn.Module;
import org.ddpkit.train.tensor.Tensor;

/**
 * Test loss and accuracy of a model that outputs log-probabilities {@code [N, classes]}. Large
 * batches are fed to the model in slices of {@link #SLICE} samples, which gives the same
 * numbers with bounded activation memory (a 1000-image batch through the CNN would hold
 * ~350 MB of activations).
 */
public final class Evaluation {
    /** Most samples one forward call sees. */
    public static final int SLICE = 128;

    private Evaluation() {}

    /** Runs {@code model} in eval mode over every batch of {@code loader}; restores the previous mode. */
    public static EvalResult evaluate(Module model, DataLoader loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        NllLoss nll = new NllLoss(Reduction.SUM);
        double loss = 0;
        long correct = 0, total = 0;
        try {
            for (Batch b : loader) {
                Tensor x = b.images();
                int per = x.size() / Math.max(1, x.dim(0));
                for (int from = 0; from < b.size(); from += SLICE) {
                    int k = Math.min(SLICE, b.size() - from);
                    Tensor slice = new Tensor(x.data(), x.offset() + from * per, x.format(), k, x.dim(1), x.dim(2), x.dim(3));
                    int[] labels = java.util.Arrays.copyOfRange(b.labels(), from, from + k);
                    Tensor y = model.forward(slice);
                    loss += nll.forward(y, labels);
                    correct += countCorrect(y, labels);
                }
                total += b.size();
            }
        } finally {
            model.train(wasTraining);
        }
        return new EvalResult(total == 0 ? 0 : loss / total, correct, total);
    }

    /** Rows of {@code scores} whose largest entry (first on ties) is at the label. */
    public static int countCorrect(Tensor scores, int[] labels) {
        int n = scores.dim(0), c = scores.dim(1);
        float[] s = scores.data();
        int off = scores.offset(), correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (s[off + i * c + j] > s[off + i * c + best]) {
                    best = j;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct;
    }
}
