package org.ddpkit.train.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ddpkit.train.nn.Parameter;

/**
 * PyTorch's SGD: {@code g ← g + wd·w}; with momentum μ, {@code buf ← g} on the first step and
 * {@code buf ← μ·buf + (1−dampening)·g} after, then {@code g ← buf} (or {@code g + μ·buf} with
 * Nesterov); finally {@code w ← w − lr·g}.
 */
public final class Sgd extends Optimizer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;

    public Sgd(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr, momentum != 0 ? List.of("momentum_buffer") : List.of());
        checkNonNegative("momentum value", momentum);
        checkNonNegative("weight_decay value", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = (float) momentum;
        this.dampening = (float) dampening;
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
    }

    /** Plain SGD with momentum and weight decay (no dampening, no Nesterov). */
    public Sgd(List<Parameter> params, double lr, double momentum, double weightDecay) {
        this(params, lr, momentum, 0, weightDecay, false);
    }

    public Sgd(List<Parameter> params, double lr) {
        this(params, lr, 0, 0);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] b, int from, int to) {
        float lr = (float) lr();
        boolean first = stepCount() == 1;
        float mu = momentum, damp = 1f - dampening, wd = weightDecay;
        float[] buf = momentum != 0 ? b[0] : null;
        int i = from;
        for (; i + S.length() <= to; i += S.length()) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector d = FloatVector.fromArray(S, g, i);
            if (wd != 0) {
                d = d.add(wv.mul(wd));
            }
            if (buf != null) {
                FloatVector m = first ? d : FloatVector.fromArray(S, buf, i).mul(mu).add(d.mul(damp));
                m.intoArray(buf, i);
                d = nesterov ? d.add(m.mul(mu)) : m;
            }
            wv.sub(d.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float d = g[i];
            if (wd != 0) {
                d = d + w[i] * wd;
            }
            if (buf != null) {
                float m = first ? d : buf[i] * mu + d * damp;
                buf[i] = m;
                d = nesterov ? d + m * mu : m;
            }
            w[i] = w[i] - d * lr;
        }
    }
}
