package org.ddpkit.train.kernels;

/**
 * The body of a parallel loop: handle items {@code [start, end)} on worker {@code worker} (use
 * the worker index only for scratch memory: which worker runs which items changes from run to
 * run, and a range may be split differently).
 */
@FunctionalInterface
public interface RangeTask {
    void run(int worker, int start, int end);
}
