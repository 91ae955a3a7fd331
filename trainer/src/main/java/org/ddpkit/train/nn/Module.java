package org.ddpkit.train.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ddpkit.train.kernels.ComputePool;
import org.ddpkit.train.tensor.Tensor;

/**
 * A node of the module tree: its own named parameters, named child modules, a train/eval
 * mode and the compute pool its kernels use. Subclasses implement {@link #forward} and
 * {@link #backward}; backward takes the gradient of the loss with respect to the last
 * forward's output, adds parameter gradients into {@link Parameter#grad()}, and returns the
 * gradient with respect to that forward's input.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private ComputePool pool = ComputePool.serial();

    /** Computes the output for {@code input}; the result stays valid until the next forward. */
    public abstract Tensor forward(Tensor input);

    /**
     * Back-propagates {@code gradOutput} through the last forward call; returns the gradient
     * with respect to its input, or null when {@code inputGrad} is false (the first layer).
     */
    public abstract Tensor backward(Tensor gradOutput, boolean inputGrad);

    /** {@code backward(gradOutput, true)}. */
    public final Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    protected final Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        params.put(name, p);
        return p;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, Objects.requireNonNull(module, "module"));
        module.setComputePool(pool);
        module.train(training);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module/parameter name must be non-empty without '.', got \"" + name + "\"");
        }
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name \"" + name + "\" is already used in " + getClass().getSimpleName());
        }
    }

    /** Parameters in PyTorch's order: this module's own, then each child's, depth first. */
    public final List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Parameters by dotted path ({@code conv1.weight}), in {@link #parameters()} order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** The parameter values by name: live views, as PyTorch's {@code state_dict()}. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.data()));
        return out;
    }

    /** Copies values into the parameters; names and shapes must match exactly. */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Parameter> mine = namedParameters();
        List<String> problems = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (!state.containsKey(k)) {
                problems.add("missing " + k);
            }
        }
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                problems.add("unexpected " + k);
            } else if (!java.util.Arrays.equals(mine.get(k).data().shape(), state.get(k).shape())) {
                problems.add(k + " has shape " + java.util.Arrays.toString(state.get(k).shape())
                        + ", the model needs " + java.util.Arrays.toString(mine.get(k).data().shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state dict does not fit " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        }
        state.forEach((k, t) -> mine.get(k).data().copyFrom(t));
    }

    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Total number of trainable elements. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Sets training mode (dropout active) on this module and its children. */
    public final Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Sets the pool the kernels of this module and its children run on. */
    public final void setComputePool(ComputePool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        children.values().forEach(c -> c.setComputePool(pool));
    }

    protected final ComputePool pool() {
        return pool;
    }
}
