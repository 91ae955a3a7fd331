package org.ddpkit.train.ddp;

/**
 * Tunables of {@link DistributedDataParallel}; {@link #defaults()} are PyTorch's.
 *
 * @param bucketCapBytes      a bucket is closed once it holds at least this many gradient bytes
 *                            (PyTorch's {@code bucket_cap_mb}, 25 MiB)
 * @param firstBucketCapBytes the same for the first bucket, the last layers' gradients, which are
 *                            ready first: small, so that its all-reduce starts early (1 MiB)
 * @param overlap             start each bucket's all-reduce as soon as its gradients are ready,
 *                            while backward goes on; false waits for the end of backward and then
 *                            reduces every bucket (for measuring what overlap gains)
 * @param broadcastParameters copy rank 0's parameters to every rank when the wrapper is built
 */
public record DdpOptions(long bucketCapBytes, long firstBucketCapBytes, boolean overlap, boolean broadcastParameters) {
    public static final long DEFAULT_BUCKET_CAP_BYTES = 25L << 20;
    public static final long DEFAULT_FIRST_BUCKET_CAP_BYTES = 1L << 20;

    public DdpOptions {
        if (bucketCapBytes < Float.BYTES) {
            throw new IllegalArgumentException("bucket cap: must be ≥ 4 bytes, got \"" + bucketCapBytes + "\"");
        }
        if (firstBucketCapBytes < Float.BYTES) {
            throw new IllegalArgumentException("first bucket cap: must be ≥ 4 bytes, got \"" + firstBucketCapBytes + "\"");
        }
    }

    public static DdpOptions defaults() {
        return new DdpOptions(DEFAULT_BUCKET_CAP_BYTES, DEFAULT_FIRST_BUCKET_CAP_BYTES, true, true);
    }

    /** Both caps set to {@code bytes} (PyTorch's {@code bucket_cap_mb} alone sets the later ones). */
    public DdpOptions withBucketCapBytes(long bytes) {
        return new DdpOptions(bytes, bytes, overlap, broadcastParameters);
    }

    public DdpOptions withFirstBucketCapBytes(long bytes) {
        return new DdpOptions(bucketCapBytes, bytes, overlap, broadcastParameters);
    }

    public DdpOptions withOverlap(boolean on) {
        return new DdpOptions(bucketCapBytes, firstBucketCapBytes, on, broadcastParameters);
    }

    public DdpOptions withBroadcastParameters(boolean on) {
        return new DdpOptions(bucketCapBytes, firstBucketCapBytes, overlap, on);
    }
}
