package org.ddpkit.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimizer needs to continue bit for bit: its step count, learning rate and
 * per-parameter buffers, keyed {@code "<parameter index>.<buffer name>"} as in PyTorch's
 * optimizer {@code state_dict} (e.g. {@code "3.exp_avg"}). The arrays are copies.
 */
public record OptimizerState(long step, double lr, Map<String, float[]> buffers) {
    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step: must be ≥ 0, got \"" + step + "\"");
        }
        Map<String, float[]> copy = new LinkedHashMap<>();
        buffers.forEach((k, v) -> copy.put(k, v.clone()));
        buffers = java.util.Collections.unmodifiableMap(copy);
    }
}
