package org.ddpkit.train.perf;

/**
 * What {@link TrainPerf} measured.
 *
 * @param samplesPerSecond batch size / median step time
 * @param stepMillis       median step time
 * @param gflops           training FLOPs per second at that rate
 * @param peakHeapBytes    sum of the heap pools' peak usage
 */
public record PerfResult(double samplesPerSecond, double stepMillis, double gflops, long peakHeapBytes) {}
