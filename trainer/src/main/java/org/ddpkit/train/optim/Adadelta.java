package org.ddpkit.train.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ddpkit.train.nn.Parameter;

/**
 * PyTorch's Adadelta: {@code g ← g + wd·w}; {@code sq ← ρ·sq + (1−ρ)·g²};
 * {@code δ = √(acc + ε) / √(sq + ε) · g}; {@code acc ← ρ·acc + (1−ρ)·δ²}; {@code w ← w − lr·δ}.
 * Defaults lr 1.0, ρ 0.9, ε 1e-6.
 */
public final class Adadelta extends Optimizer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private final float rho;
    private final float eps;
    private final float weightDecay;

    public Adadelta(List<Parameter> params, double lr, double rho, double eps, double weightDecay) {
        super(params, lr, List.of("square_avg", "acc_delta"));
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("Invalid rho value: " + rho);
        }
        checkNonNegative("epsilon value", eps);
        checkNonNegative("weight_decay value", weightDecay);
        this.rho = (float) rho;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
    }

    public Adadelta(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 1e-6, 0);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] b, int from, int to) {
        float lr = (float) lr(), r = rho, r1 = 1f - rho, e = eps, wd = weightDecay;
        float[] sq = b[0], acc = b[1];
        int i = from;
        for (; i + S.length() <= to; i += S.length()) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector d = FloatVector.fromArray(S, g, i);
            if (wd != 0) {
                d = d.add(wv.mul(wd));
            }
            FloatVector s = FloatVector.fromArray(S, sq, i).mul(r).add(d.mul(d).mul(r1));
            s.intoArray(sq, i);
            FloatVector std = s.add(e).lanewise(VectorOperators.SQRT);
            FloatVector a = FloatVector.fromArray(S, acc, i);
            FloatVector delta = a.add(e).lanewise(VectorOperators.SQRT).div(std).mul(d);
            a.mul(r).add(delta.mul(delta).mul(r1)).intoArray(acc, i);
            wv.sub(delta.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float d = g[i];
            if (wd != 0) {
                d = d + w[i] * wd;
            }
            float s = sq[i] * r + d * d * r1;
            sq[i] = s;
            float std = (float) Math.sqrt(s + e);
            float delta = (float) Math.sqrt(acc[i] + e) / std * d;
            acc[i] = acc[i] * r + delta * delta * r1;
            w[i] = w[i] - delta * lr;
        }
    }
}
