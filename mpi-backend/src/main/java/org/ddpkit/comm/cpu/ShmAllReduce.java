package org.ddpkit.comm.cpu;

import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.ReduceKernels;

import java.lang.foreign.MemorySegment;

/**
 * The all-reduce between the ranks of one node through a {@link ShmRegion}, chunk by chunk:
 * every rank copies its chunk into its slot; after a barrier, each rank combines its share of
 * the chunk across all slots (always in slot order: the same bits everywhere) into slot 0;
 * after another barrier, ranks copy the result out. Chunks alternate between two buffer sets,
 * so writing chunk k+1 overlaps reading chunk k without a third barrier.
 */
final class ShmAllReduce {
    /** Shares of a chunk are whole multiples of this many floats (64 bytes: a cache line). */
    private static final long ALIGN_FLOATS = 16;
    private static final String WHAT = "shared-memory all-reduce";

    private final ShmRegion shm;
    private final ReduceKernels kernels;
    private final MemorySegment seg;
    private final long[] inputs;
    private long chunkCounter;

    ShmAllReduce(ShmRegion shm, ReduceKernels kernels) {
        this.shm = shm;
        this.kernels = kernels;
        this.seg = shm.segment();
        this.inputs = new long[shm.localSize];
    }

    /**
     * Reduces {@code bytes} of every local rank's {@code in} (at {@code inOff}); the node's result
     * lands in {@code out} at {@code outOff}, or nowhere when {@code out} is null. A non-zero
     * {@code divisor} divides the result once (AVG).
     */
    void reduce(MemorySegment in, long inOff, MemorySegment out, long outOff, long bytes, ReduceOp op, float divisor,
                Deadline d) {
        int l = shm.localSize;
        for (long c = 0; c < bytes; c += shm.chunkBytes) {
            long m = Math.min(shm.chunkBytes, bytes - c);
            int set = (int) (chunkCounter++ & 1);
            MemorySegment.copy(in, inOff + c, seg, shm.slot(set, shm.me), m);
            shm.barrier(d, WHAT);
            long floats = m / 4;
            long per = ((floats + l - 1) / l + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
            long lo = Math.min(floats, per * shm.me);
            long hi = Math.min(floats, lo + per);
            if (hi > lo) {
                for (int j = 0; j < l; j++) {
                    inputs[j] = shm.slot(set, j) + lo * 4;
                }
                kernels.combine(seg, inputs, l, seg, shm.slot(set, 0) + lo * 4, hi - lo, op);
                if (divisor != 0) {
                    kernels.divide(seg, shm.slot(set, 0) + lo * 4, hi - lo, divisor);
                }
            }
            shm.barrier(d, WHAT);
            if (out != null) {
                MemorySegment.copy(seg, shm.slot(set, 0), out, outOff + c, m);
            }
        }
    }

    /**
     * Copies {@code bytes} from local rank 0's {@code src} into every rank's {@code dst}: rank 0
     * passes its source (and copies it straight into its own {@code dst}), the others pass null.
     */
    void broadcastFromLeader(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long bytes, Deadline d) {
        for (long c = 0; c < bytes; c += shm.chunkBytes) {
            long m = Math.min(shm.chunkBytes, bytes - c);
            int set = (int) (chunkCounter++ & 1);
            if (shm.me == 0) {
                MemorySegment.copy(src, srcOff + c, seg, shm.slot(set, 0), m);
            }
            shm.barrier(d, WHAT);
            if (shm.me == 0) {
                MemorySegment.copy(src, srcOff + c, dst, dstOff + c, m);
            } else {
                MemorySegment.copy(seg, shm.slot(set, 0), dst, dstOff + c, m);
            }
        }
    }
}
