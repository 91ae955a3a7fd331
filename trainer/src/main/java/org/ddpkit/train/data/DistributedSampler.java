package org.ddpkit.train.data;

import org.ddpkit.train.random.Generator;

/**
 * PyTorch's {@code DistributedSampler}: each of {@code replicas} ranks gets a disjoint share of
 * one epoch-wide order (shuffled from {@code seed + epoch}, or sequential), as every
 * {@code replicas}-th index starting at {@code rank}. Without {@code dropLast} the order is
 * padded by repeating its start so every rank gets {@code ⌈n/replicas⌉} indices; with it, the
 * tail is dropped so every rank gets {@code ⌊n/replicas⌋}. Call {@link #setEpoch} each epoch,
 * or every epoch sees the same order.
 */
public final class DistributedSampler implements Sampler {
    private final int n;
    private final int replicas;
    private final int rank;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int perRank;
    private long epoch;

    public DistributedSampler(int n, int replicas, int rank, boolean shuffle, long seed, boolean dropLast) {
        if (n < 0) {
            throw new IllegalArgumentException("dataset size: must be ≥ 0, got \"" + n + "\"");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("num_replicas: must be ≥ 1, got \"" + replicas + "\"");
        }
        if (rank < 0 || rank >= replicas) {
            throw new IllegalArgumentException("rank: must be in [0, " + (replicas - 1) + "], got \"" + rank + "\"");
        }
        this.n = n;
        this.replicas = replicas;
        this.rank = rank;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.perRank = dropLast ? n / replicas : (n + replicas - 1) / replicas;
    }

    /** Shuffled, padded, seed 0: PyTorch's defaults. */
    public DistributedSampler(int n, int replicas, int rank) {
        this(n, replicas, rank, true, 0, false);
    }

    @Override
    public int length() {
        return perRank;
    }

    @Override
    public void setEpoch(long epoch) {
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    @Override
    public int[] indices() {
        int[] order;
        if (shuffle) {
            order = new Generator(seed + epoch).permutation(n);
        } else {
            order = new SequentialSampler(n).indices();
        }
        int total = perRank * replicas;
        int[] all = new int[total];
        for (int i = 0; i < total; i++) {
            all[i] = order[i % Math.max(n, 1)];
        }
        int[] mine = new int[perRank];
        for (int i = 0; i < perRank; i++) {
            mine[i] = all[rank + i * replicas];
        }
        return mine;
    }
}
