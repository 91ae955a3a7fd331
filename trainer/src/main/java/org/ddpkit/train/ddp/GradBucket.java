package org.ddpkit.train.ddp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.Work;
import org.ddpkit.train.nn.Parameter;
import org.ddpkit.train.tensor.Tensor;

/**
 * One bucket: some parameters' gradients laid end to end in one native buffer, allocated once.
 * Each pass copies the gradients in as they become ready, all-reduces the buffer once all are
 * in, and copies the averages back into the gradients.
 */
final class GradBucket {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    final int index;
    private final Parameter[] params;
    private final long[] offsets;
    private final MemorySegment buffer;
    private int waiting;
    private Work work;

    GradBucket(int index, Parameter[] params, Arena arena) {
        this.index = index;
        this.params = params.clone();
        this.offsets = new long[params.length];
        long floats = 0;
        for (int i = 0; i < params.length; i++) {
            offsets[i] = floats * Float.BYTES;
            floats += params[i].size();
        }
        this.buffer = arena.allocate(Math.max(1, floats) * Float.BYTES, 64).asSlice(0, floats * Float.BYTES);
        this.waiting = params.length;
    }

    int parameterCount() {
        return params.length;
    }

    Parameter parameter(int slot) {
        return params[slot];
    }

    /** Floats in the bucket. */
    long floats() {
        return buffer.byteSize() / Float.BYTES;
    }

    /** Copies parameter {@code slot}'s gradient in; returns true when it was the last one missing. */
    boolean copyIn(int slot) {
        Tensor g = params[slot].grad();
        MemorySegment.copy(g.data(), g.offset(), buffer, F, offsets[slot], g.size());
        return --waiting == 0;
    }

    boolean launched() {
        return work != null;
    }

    boolean full() {
        return waiting == 0;
    }

    /** Starts the average over the ranks; the buffer belongs to the group until {@link #finish()}. */
    void launch(ProcessGroup group) {
        work = group.allReduceAsync(buffer, ReduceOp.AVG);
    }

    /** Waits for the all-reduce, copies the averages back into the gradients and rearms the bucket. */
    void finish() {
        work.await();
        work = null;
        for (int i = 0; i < params.length; i++) {
            Tensor g = params[i].grad();
            MemorySegment.copy(buffer, F, offsets[i], g.data(), g.offset(), g.size());
        }
        waiting = params.length;
    }

    /** Forgets a pass that failed half-way (its all-reduce is waited for, or has failed). */
    void reset() {
        if (work != null) {
            try {
                work.await();
            } catch (RuntimeException alreadyReported) {
                // the group is broken; the failure reached the caller once already
            }
        }
        work = null;
        waiting = params.length;
    }

    /** Replaces every rank's parameter values with {@code root}'s. */
    void broadcastValues(ProcessGroup group, int root) {
        for (int i = 0; i < params.length; i++) {
            Tensor v = params[i].data();
            MemorySegment.copy(v.data(), v.offset(), buffer, F, offsets[i], v.size());
        }
        ByteBuffer bytes = buffer.asByteBuffer();
        group.broadcast(bytes, root);
        for (int i = 0; i < params.length; i++) {
            Tensor v = params[i].data();
            MemorySegment.copy(buffer, F, offsets[i], v.data(), v.offset(), v.size());
        }
    }
}
