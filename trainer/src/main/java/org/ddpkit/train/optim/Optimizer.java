package org.ddpkit.train.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.nn.Parameter;

/**
 * The common part of the optimizers: one parameter group, a learning rate that schedules can
 * change, a step counter, named per-parameter buffers, and an element-wise update run in
 * chunks over the compute pool (chunks do not overlap, so the thread count does not matter).
 */
public abstract class Optimizer {
    private static final int CHUNK = 16 * 1024;
    private final List<Parameter> params;
    private final List<String> bufferNames;
    private final List<float[][]> buffers = new ArrayList<>();
    private double lr;
    private long step;
    private ComputePool pool = ComputePool.serial();

    protected Optimizer(List<Parameter> params, double lr, List<String> bufferNames) {
        this.params = List.copyOf(params);
        if (this.params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        checkNonNegative("lr", lr);
        this.lr = lr;
        this.bufferNames = List.copyOf(bufferNames);
        for (Parameter p : this.params) {
            float[][] b = new float[bufferNames.size()][];
            for (int i = 0; i < b.length; i++) {
                b[i] = new float[p.size()];
            }
            buffers.add(b);
        }
    }

    protected static void checkNonNegative(String what, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v);
        }
    }

    public final double lr() {
        return lr;
    }

    public final void setLr(double lr) {
        checkNonNegative("lr", lr);
        this.lr = lr;
    }

    /** Steps taken so far. */
    public final long stepCount() {
        return step;
    }

    public final List<Parameter> parameters() {
        return params;
    }

    public final void setComputePool(ComputePool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public final void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** One update of every parameter from its gradient. */
    public final void step() {
        step++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] w = p.data().data();
            float[] g = p.grad().data();
            float[][] b = buffers.get(i);
            int n = p.size();
            pool.forRange((n + CHUNK - 1) / CHUNK, (t, s, e) -> update(w, g, b, s * CHUNK, Math.min(n, e * CHUNK)));
        }
    }

    /**
     * Updates elements {@code [from, to)} of one parameter: values {@code w}, gradient
     * {@code g}, buffers {@code b} (in {@code bufferNames} order), at step {@link #stepCount()}.
     */
    protected abstract void update(float[] w, float[] g, float[][] b, int from, int to);

    public final OptimizerState state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (int j = 0; j < bufferNames.size(); j++) {
                out.put(i + "." + bufferNames.get(j), buffers.get(i)[j]);
            }
        }
        return new OptimizerState(step, lr, out);
    }

    public final void loadState(OptimizerState state) {
        for (int i = 0; i < params.size(); i++) {
            for (int j = 0; j < bufferNames.size(); j++) {
                String key = i + "." + bufferNames.get(j);
                float[] v = state.buffers().get(key);
                if (v == null || v.length != params.get(i).size()) {
                    throw new IllegalArgumentException("optimizer state: " + key + (v == null ? " is missing"
                            : " has " + v.length + " values, the parameter has " + params.get(i).size()));
                }
            }
        }
        for (int i = 0; i < params.size(); i++) {
            for (int j = 0; j < bufferNames.size(); j++) {
                float[] v = state.buffers().get(i + "." + bufferNames.get(j));
                System.arraycopy(v, 0, buffers.get(i)[j], 0, v.length);
            }
        }
        step = state.step();
        lr = state.lr();
    }
}
