package org.ddpkit.train.data;

/** {@code 0, 1, …, n−1} every epoch. */
public final class SequentialSampler implements Sampler {
    private final int n;

    public SequentialSampler(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sampler size: must be ≥ 0, got \"" + n + "\"");
        }
        this.n = n;
    }

    @Override
    public int length() {
        return n;
    }

    @Override
    public int[] indices() {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
