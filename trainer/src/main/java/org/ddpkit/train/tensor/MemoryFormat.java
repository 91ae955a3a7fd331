package org.ddpkit.train.tensor;

/**
 * How the elements of a 4-D tensor {@code [N, C, H, W]} are laid out in memory, as PyTorch's
 * {@code torch.contiguous_format} and {@code torch.channels_last}. The logical shape is always
 * {@code [N, C, H, W]}; only the order in memory differs.
 */
public enum MemoryFormat {
    /** Row-major in the logical order: {@code N, C, H, W}. */
    CONTIGUOUS,
    /** Channels innermost: {@code N, H, W, C} in memory. Only for 4-D tensors. */
    CHANNELS_LAST
}
