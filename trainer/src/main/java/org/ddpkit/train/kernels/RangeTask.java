package org.ddpkit.train.kernels;

/** The body of a parallel loop: handle items {@code [start, end)} as worker {@code worker}. */
@FunctionalInterface
public interface RangeTask {
    void run(int worker, int start, int end);
}
