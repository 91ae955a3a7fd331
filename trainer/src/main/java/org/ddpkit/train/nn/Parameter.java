package org.ddpkit.train.nn;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ddpkit.train.tensor.Tensor;

/**
 * A trainable tensor and its gradient (same shape, contiguous). Backward passes add into
 * {@link #grad()} (as PyTorch accumulates) and then call {@link #gradReady()}, which runs the
 * hooks registered with {@link #addGradReadyHook} — the place where data-parallel training
 * starts reducing a gradient while the rest of backward goes on.
 */
public final class Parameter {
    private final Tensor data;
    private final Tensor grad;
    private final List<Consumer<Parameter>> hooks = new CopyOnWriteArrayList<>();

    public Parameter(Tensor data) {
        Objects.requireNonNull(data, "data");
        if (!data.isContiguous()) {
            throw new IllegalArgumentException("a parameter must be contiguous, got " + data);
        }
        this.data = data;
        this.grad = Tensor.zeros(data.shape());
    }

    public Tensor data() {
        return data;
    }

    public Tensor grad() {
        return grad;
    }

    public int size() {
        return data.size();
    }

    public void zeroGrad() {
        grad.fill(0f);
    }

    /** Runs {@code hook} each time a backward pass has finished adding into this gradient. */
    public void addGradReadyHook(Consumer<Parameter> hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
    }

    public void removeGradReadyHook(Consumer<Parameter> hook) {
        hooks.remove(hook);
    }

    /** Called by the owning layer when its backward has finished writing {@link #grad()}. */
    public void gradReady() {
        for (Consumer<Parameter> h : hooks) {
            h.accept(this);
        }
    }
}
