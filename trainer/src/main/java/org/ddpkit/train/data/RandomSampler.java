package org.ddpkit.train.data;

import org.ddpkit.train.random.Generator;

/** A fresh random permutation of {@code 0 … n−1} per epoch, drawn from {@code seed + epoch}. */
public final class RandomSampler implements Sampler {
    private final int n;
    private final long seed;
    private long epoch;

    public RandomSampler(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("sampler size: must be ≥ 0, got \"" + n + "\"");
        }
        this.n = n;
        this.seed = seed;
    }

    @Override
    public int length() {
        return n;
    }

    @Override
    public int[] indices() {
        return new Generator(seed + epoch).permutation(n);
    }

    @Override
    public void setEpoch(long epoch) {
        this.epoch = epoch;
    }
}
