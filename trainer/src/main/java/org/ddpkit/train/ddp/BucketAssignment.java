package org.ddpkit.train.ddp;

import java.util.ArrayList;
import java.util.List;

/**
 * Which gradients share a bucket, PyTorch's {@code compute_bucket_assignment_by_size}: tensors
 * are taken in the order given (DDP passes the parameters in reverse, the order backward makes
 * their gradients ready) and added to the open bucket; a bucket is closed as soon as it holds at
 * least its cap, the first bucket's cap for the first, {@code cap} for the others. A tensor larger
 * than the cap thus fills a bucket of its own with what came before it.
 */
public final class BucketAssignment {
    private BucketAssignment() {}

    /**
     * @param bytes    each tensor's size in bytes, in reduction order
     * @param firstCap the first bucket's cap
     * @param cap      the other buckets' cap
     * @return for each bucket, the indices into {@code bytes} it holds, in order; every index once
     */
    public static List<int[]> assign(long[] bytes, long firstCap, long cap) {
        List<int[]> buckets = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        long filled = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                throw new IllegalArgumentException("tensor " + i + ": size must be ≥ 0, got " + bytes[i]);
            }
            open.add(i);
            filled += bytes[i];
            if (filled >= (buckets.isEmpty() ? firstCap : cap)) {
                buckets.add(open.stream().mapToInt(Integer::intValue).toArray());
                open.clear();
                filled = 0;
            }
        }
        if (!open.isEmpty()) {
            buckets.add(open.stream().mapToInt(Integer::intValue).toArray());
        }
        return buckets;
    }
}
