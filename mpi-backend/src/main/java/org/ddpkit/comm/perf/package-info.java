/**
 * Benchmarks: {@code bin/allreduce-perf} (ddpkit's all_reduce_perf from nccl-tests), a plain TCP
 * stream to compare the ring with, and the plot of the bench results.
 */
package org.ddpkit.comm.perf;
