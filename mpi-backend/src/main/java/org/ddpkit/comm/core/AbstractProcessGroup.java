package org.ddpkit.comm.core;

import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.Work;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;

/**
 * The argument checks and queueing every backend shares: user data of any kind becomes a
 * {@link MemorySegment} (float[] and heap buffers as heap segments, direct buffers as native
 * ones, no copy), is validated on the caller's thread, and the backend's segment-level operation
 * runs on the {@link CommThread}.
 */
public abstract class AbstractProcessGroup implements ProcessGroup {
    protected final int rank;
    protected final int size;
    protected final GroupHealth health;
    protected final CommThread comm;
    private volatile boolean closed;

    /** See {@link CommThread#CommThread(String, GroupHealth, Duration, boolean)} for {@code failRunningOnAbort}. */
    protected AbstractProcessGroup(int rank, int size, GroupHealth health, Duration timeout, boolean failRunningOnAbort) {
        this.rank = rank;
        this.size = size;
        this.health = health;
        this.comm = new CommThread("ddpkit-comm-r" + rank, health, timeout, failRunningOnAbort);
    }

    /** All-reduces the native-order floats of {@code floats} in place; {@code floats} is not empty. */
    protected abstract void doAllReduce(MemorySegment floats, ReduceOp op, Deadline d) throws Exception;

    /** Copies root's bytes into every rank's {@code bytes}; not empty. */
    protected abstract void doBroadcast(MemorySegment bytes, int root, Deadline d) throws Exception;

    /** Every rank's {@code send} bytes into {@code recv} at rank × send size; not empty. */
    protected abstract void doAllGather(MemorySegment send, MemorySegment recv, Deadline d) throws Exception;

    protected abstract void doSend(MemorySegment bytes, int dst, Deadline d) throws Exception;

    protected abstract void doRecv(MemorySegment bytes, int src, Deadline d) throws Exception;

    protected abstract void doBarrier(Deadline d) throws Exception;

    /** Frees the backend's resources; called once, from {@link #close()}. */
    protected abstract void doClose();

    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public void barrier() {
        comm.run("barrier", this::doBarrier);
    }

    @Override
    public void broadcast(float[] data, int root) {
        checkRank("root", root);
        broadcastSegment(MemorySegment.ofArray(data), root);
    }

    @Override
    public void broadcast(ByteBuffer data, int root) {
        checkRank("root", root);
        broadcastSegment(writable(data), root);
    }

    private void broadcastSegment(MemorySegment seg, int root) {
        if (seg.byteSize() > 0 && size > 1) {
            comm.run("broadcast from rank " + root, d -> doBroadcast(seg, root, d));
        }
    }

    @Override
    public Work allReduceAsync(float[] data, ReduceOp op) {
        return allReduceSegment(MemorySegment.ofArray(data), op);
    }

    @Override
    public Work allReduceAsync(FloatBuffer data, ReduceOp op) {
        if (data.isReadOnly()) {
            throw new IllegalArgumentException("all-reduce: the FloatBuffer is read-only");
        }
        if (data.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("all-reduce: the FloatBuffer must be in native byte order ("
                    + ByteOrder.nativeOrder() + "), got " + data.order()
                    + "; make it with ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder()).asFloatBuffer()");
        }
        return allReduceSegment(MemorySegment.ofBuffer(data), op);
    }

    @Override
    public Work allReduceAsync(MemorySegment floats, ReduceOp op) {
        if (floats.byteSize() % Float.BYTES != 0) {
            throw new IllegalArgumentException("all-reduce: the segment's size must be a multiple of 4 bytes, got "
                    + floats.byteSize());
        }
        if (floats.isReadOnly()) {
            throw new IllegalArgumentException("all-reduce: the segment is read-only");
        }
        if (!floats.isAccessibleBy(comm.thread())) {
            throw new IllegalArgumentException("all-reduce: the segment is confined to one thread, but collectives "
                    + "run on the group's communication thread; allocate it from Arena.ofShared() or Arena.ofAuto()");
        }
        return allReduceSegment(floats, op);
    }

    private Work allReduceSegment(MemorySegment seg, ReduceOp op) {
        if (op == null) {
            throw new IllegalArgumentException("all-reduce: op must not be null");
        }
        if (seg.byteSize() == 0) {
            return comm.submit("all-reduce of 0 floats", d -> { });
        }
        String name = "all-reduce (" + op.label() + ") of " + seg.byteSize() / Float.BYTES + " floats";
        return comm.submit(name, d -> {
            if (size > 1) {
                doAllReduce(seg, op, d);
            }
            // one rank: SUM, AVG (÷1), MAX and MIN are the identity
        });
    }

    @Override
    public void allGather(float[] send, float[] recv) {
        if ((long) send.length * size != recv.length) {
            throw new IllegalArgumentException("all-gather: recv must hold size × send.length = " + size + " × "
                    + send.length + " floats, got " + recv.length);
        }
        MemorySegment s = MemorySegment.ofArray(send);
        MemorySegment r = MemorySegment.ofArray(recv);
        if (send.length == 0) {
            return;
        }
        comm.run("all-gather of " + send.length + " floats per rank", d -> {
            MemorySegment.copy(s, 0, r, (long) rank * s.byteSize(), s.byteSize());
            if (size > 1) {
                doAllGather(s, r, d);
            }
        });
    }

    @Override
    public void send(float[] data, int dst) {
        sendSegment(MemorySegment.ofArray(data), dst);
    }

    @Override
    public void recv(float[] data, int src) {
        recvSegment(MemorySegment.ofArray(data), src);
    }

    @Override
    public void send(ByteBuffer data, int dst) {
        sendSegment(MemorySegment.ofBuffer(data), dst);
    }

    @Override
    public void recv(ByteBuffer data, int src) {
        recvSegment(writable(data), src);
    }

    private void sendSegment(MemorySegment seg, int dst) {
        checkPeer("dst", dst);
        if (seg.byteSize() > 0) {
            comm.run("send to rank " + dst, d -> doSend(seg, dst, d));
        }
    }

    private void recvSegment(MemorySegment seg, int src) {
        checkPeer("src", src);
        if (seg.byteSize() > 0) {
            comm.run("recv from rank " + src, d -> doRecv(seg, src, d));
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        comm.close();
        doClose();
    }

    protected final boolean isClosed() {
        return closed;
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= size) {
            throw new IllegalArgumentException(what + ": must be a rank in 0 … " + (size - 1) + ", got \"" + r + "\"");
        }
    }

    private void checkPeer(String what, int r) {
        checkRank(what, r);
        if (r == rank) {
            throw new IllegalArgumentException(what + ": must be another rank than this one (" + rank + ")");
        }
    }

    private static MemorySegment writable(ByteBuffer b) {
        if (b.isReadOnly()) {
            throw new IllegalArgumentException("the ByteBuffer that receives data is read-only");
        }
        return MemorySegment.ofBuffer(b);
    }
}
