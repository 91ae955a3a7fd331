package org.ddpkit.train.kernels;

/**
 * The body of a chunked parallel loop: handle chunk {@code chunk}, items {@code [start, end)},
 * on worker {@code worker} (use the worker index only for scratch memory: which worker runs a
 * chunk changes from run to run).
 */
@FunctionalInterface
public interface ChunkTask {
    void run(int worker, int chunk, int start, int end);
}
