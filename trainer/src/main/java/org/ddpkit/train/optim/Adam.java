package org.ddpkit.train.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ddpkit.train.nn.Parameter;

/**
 * PyTorch's Adam (no AMSGrad): {@code g ← g + wd·w}; {@code m ← m + (1−β₁)(g − m)};
 * {@code v ← β₂·v + (1−β₂)·g²}; {@code w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)}.
 * Defaults lr 1e-3, β (0.9, 0.999), ε 1e-8.
 */
public final class Adam extends Optimizer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private final double beta1;
    private final double beta2;
    private final float eps;
    private final float weightDecay;

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, List.of("exp_avg", "exp_avg_sq"));
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Invalid beta parameters: (" + beta1 + ", " + beta2 + ")");
        }
        checkNonNegative("epsilon value", eps);
        checkNonNegative("weight_decay value", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
    }

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] b, int from, int to) {
        long t = stepCount();
        float stepSize = (float) (lr() / (1 - Math.pow(beta1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float b1 = (float) (1 - beta1), b2 = (float) beta2, b2c = (float) (1 - beta2), e = eps, wd = weightDecay;
        float[] m = b[0], v = b[1];
        int i = from;
        for (; i + S.length() <= to; i += S.length()) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector d = FloatVector.fromArray(S, g, i);
            if (wd != 0) {
                d = d.add(wv.mul(wd));
            }
            FloatVector mv = FloatVector.fromArray(S, m, i);
            mv = mv.add(d.sub(mv).mul(b1));
            mv.intoArray(m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(d.mul(d).mul(b2c));
            vv.intoArray(v, i);
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(e);
            wv.sub(mv.div(denom).mul(stepSize)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float d = g[i];
            if (wd != 0) {
                d = d + w[i] * wd;
            }
            float mv = m[i] + (d - m[i]) * b1;
            m[i] = mv;
            float vv = v[i] * b2 + d * d * b2c;
            v[i] = vv;
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + e;
            w[i] = w[i] - mv / denom * stepSize;
        }
    }
}
