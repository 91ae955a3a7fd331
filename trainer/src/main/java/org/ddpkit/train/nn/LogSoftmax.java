package org.ddpkit.train.nn;

import org.ddpkit.train.tensor.Tensor;
import org.ddpkit.train.tensor.Workspace;

/**
 * {@code log_softmax} over the last dimension of {@code [N, C]}:
 * {@code y = x − max − log Σ exp(x − max)}; backward {@code dx = g − exp(y)·Σ g}.
 */
public final class LogSoftmax extends Module {
    private final Workspace out = new Workspace();
    private final Workspace grad = new Workspace();
    private Tensor lastOutput;

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException("LogSoftmax needs [N, C], got " + input);
        }
        int n = input.dim(0), c = input.dim(1);
        Tensor y = out.get2(n, c);
        apply(input.data(), input.offset(), y.data(), n, c);
        lastOutput = y;
        return y;
    }

    /** Row-wise log-softmax of {@code x[xOff..]} ({@code n × c}) into {@code y[0..]}. */
    public static void apply(float[] x, int xOff, float[] y, int n, int c) {
        for (int i = 0; i < n; i++) {
            int r = xOff + i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[r + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(x[r + j] - max);
            }
            float lse = max + (float) Math.log(sum);
            for (int j = 0; j < c; j++) {
                y[i * c + j] = x[r + j] - lse;
            }
        }
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        int n = lastOutput.dim(0), c = lastOutput.dim(1);
        Tensor d = grad.get2(n, c);
        float[] y = lastOutput.data(), g = gradOutput.data(), dx = d.data();
        int gOff = gradOutput.offset();
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += g[gOff + i * c + j];
            }
            for (int j = 0; j < c; j++) {
                dx[i * c + j] = (float) (g[gOff + i * c + j] - Math.exp(y[i * c + j]) * sum);
            }
        }
        return d;
    }
}
