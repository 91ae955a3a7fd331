package org.ddpkit.comm.perf;

import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ReduceOp;

import java.nio.file.Path;

/**
 * What {@code allreduce-perf} measures, validated.
 *
 * @param minBytes   {@code -b}: first size
 * @param maxBytes   {@code -e}: last size
 * @param factor     {@code -f}: each size is the previous times this
 * @param warmup     {@code -w}: untimed iterations per size
 * @param iters      {@code -n}: timed iterations per size
 * @param check      {@code -c}: verify results (1) or not (0)
 * @param op         {@code -o}: reduction
 * @param backend    {@code --backend}
 * @param direct     {@code --buffer direct}: a direct FloatBuffer instead of float[]
 * @param csv        {@code --csv}: rank 0 appends rows {@code label,bytes,time_us,algbw,busbw,wrong} here
 * @param label      {@code --label}: the first CSV column (default: backend-Nranks)
 * @param groupOptions the process group's tunables: {@code --timeout}, {@code --shm-chunk}, {@code --ring-chunk}
 */
record PerfOptions(long minBytes, long maxBytes, int factor, int warmup, int iters, boolean check, ReduceOp op,
                   String backend, boolean direct, Path csv, String label, GroupOptions groupOptions) {

    PerfOptions {
        if (minBytes < 4 || minBytes % 4 != 0) {
            throw new IllegalArgumentException("-b: must be a multiple of 4 bytes (floats), ≥ 4, got \"" + minBytes + "\"");
        }
        if (maxBytes < minBytes) {
            throw new IllegalArgumentException("-e: must be ≥ -b (" + minBytes + "), got \"" + maxBytes + "\"");
        }
        if (maxBytes > (1L << 31) - 4) {
            throw new IllegalArgumentException("-e: must be < 2G (one float[]), got \"" + maxBytes + "\"");
        }
        if (factor < 2) {
            throw new IllegalArgumentException("-f: must be ≥ 2, got \"" + factor + "\"");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("-w: must be ≥ 0, got \"" + warmup + "\"");
        }
        if (iters < 1) {
            throw new IllegalArgumentException("-n: must be ≥ 1, got \"" + iters + "\"");
        }
    }
}
