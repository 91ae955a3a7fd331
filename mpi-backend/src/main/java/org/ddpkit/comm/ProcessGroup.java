package org.ddpkit.comm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The ranks of one job and the collectives between them; the trainer talks to other ranks only
 * through this. Every rank must call the same collectives in the same order (as with MPI and
 * NCCL). Collectives run one at a time, in call order, on the group's communication thread;
 * an asynchronous one returns a {@link Work} and its buffer must not be touched until
 * {@link Work#await()} returns.
 *
 * <p>Float data comes as {@code float[]}, a {@link FloatBuffer} (its position … limit; direct
 * ones avoid a copy) or a {@link MemorySegment} of native-order floats from a shared or automatic
 * arena (collectives run on another thread). Byte data for broadcast
 * and point-to-point comes as a {@link ByteBuffer} (position … limit; positions are not moved).
 *
 * <p>Failures: when a rank dies, every pending and later call throws {@link PeerFailureException}
 * naming it within seconds; a collective that outlives {@link GroupOptions#timeout()} throws
 * {@link CollectiveTimeoutException}. After either, the group is broken: close it.
 */
public interface ProcessGroup extends AutoCloseable {

    /** This worker's global rank. */
    int rank();

    /** The number of ranks. */
    int size();

    /** The backend's name ({@code cpu}, {@code mpj}, {@code nccl}). */
    String backend();

    /** Returns once every rank has called it. */
    void barrier();

    /** Copies {@code root}'s data into every rank's {@code data}. */
    void broadcast(float[] data, int root);

    /** Copies {@code root}'s bytes (position … limit) into every rank's buffer. */
    void broadcast(ByteBuffer data, int root);

    /** Combines every rank's {@code data} element-wise with {@code op}; all ranks end with identical bits. */
    default void allReduce(float[] data, ReduceOp op) {
        allReduceAsync(data, op).await();
    }

    default void allReduce(FloatBuffer data, ReduceOp op) {
        allReduceAsync(data, op).await();
    }

    default void allReduce(MemorySegment floats, ReduceOp op) {
        allReduceAsync(floats, op).await();
    }

    /** Starts an all-reduce and returns at once; the result is in {@code data} after {@link Work#await()}. */
    Work allReduceAsync(float[] data, ReduceOp op);

    Work allReduceAsync(FloatBuffer data, ReduceOp op);

    Work allReduceAsync(MemorySegment floats, ReduceOp op);

    /**
     * Gathers every rank's {@code send} into {@code recv}, rank r's at {@code r * send.length}.
     * {@code recv.length} must be {@code size() * send.length}.
     */
    void allGather(float[] send, float[] recv);

    /** Sends {@code data} to rank {@code dst}, which must call {@link #recv(float[], int)} with the same length. */
    void send(float[] data, int dst);

    /** Receives {@code data.length} floats from rank {@code src}. */
    void recv(float[] data, int src);

    void send(ByteBuffer data, int dst);

    void recv(ByteBuffer data, int src);

    /**
     * Leaves the group and frees its sockets, shared memory and threads. Not collective; other
     * ranks that still wait for this one fail with a {@link PeerFailureException} naming it.
     */
    @Override
    void close();
}
