package org.ddpkit.comm.cpu;

import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.core.Deadline;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Byte transfers between ranks over {@link PeerChannels}, in chunks through two reused native
 * staging buffers (user data may live on the Java heap): send/recv with a length header that
 * catches mismatched calls, a binomial-tree broadcast and a ring all-gather.
 */
final class PointToPoint implements AutoCloseable {
    private final int rank;
    private final int size;
    private final PeerChannels channels;
    private final ChannelPump pump;
    private final int chunk;
    private final NativeBuffer out = new NativeBuffer();
    private final NativeBuffer in = new NativeBuffer();
    private final ByteBuffer header = ByteBuffer.allocateDirect(8);

    PointToPoint(int rank, int size, PeerChannels channels, ChannelPump pump, int chunkBytes) {
        this.rank = rank;
        this.size = size;
        this.channels = channels;
        this.pump = pump;
        this.chunk = chunkBytes;
        out.ensure(chunkBytes);
        in.ensure(chunkBytes);
    }

    /** Sends the length, then the bytes. */
    void send(MemorySegment data, int dst, Deadline d) {
        SelectionKey k = channels.out(dst);
        header.clear();
        header.putLong(0, data.byteSize());
        pump.exchange(k, dst, header, null, -1, null, d, "send to rank " + dst);
        stream(data, 0, data.byteSize(), dst, d);
    }

    /** Receives the length (which must match) and the bytes. */
    void recv(MemorySegment data, int src, Deadline d) {
        SelectionKey k = channels.in(src, d);
        header.clear();
        pump.exchange(null, -1, null, k, src, header, d, "recv from rank " + src);
        long sent = header.getLong(0);
        if (sent != data.byteSize()) {
            throw new CommException("rank " + src + " sent " + sent + " bytes but rank " + rank + " expected "
                    + data.byteSize() + ": matching send and recv calls must have the same length", ExitCodes.INTERNAL);
        }
        drain(data, 0, data.byteSize(), src, d);
    }

    private void stream(MemorySegment data, long off, long bytes, int dst, Deadline d) {
        SelectionKey k = channels.out(dst);
        for (long c = 0; c < bytes; c += chunk) {
            int m = (int) Math.min(chunk, bytes - c);
            MemorySegment.copy(data, off + c, out.segment(), 0, m);
            ByteBuffer v = out.sendView().limit(m).position(0);
            pump.exchange(k, dst, v, null, -1, null, d, "send to rank " + dst);
        }
    }

    private void drain(MemorySegment data, long off, long bytes, int src, Deadline d) {
        SelectionKey k = channels.in(src, d);
        for (long c = 0; c < bytes; c += chunk) {
            int m = (int) Math.min(chunk, bytes - c);
            ByteBuffer v = in.recvView().limit(m).position(0);
            pump.exchange(null, -1, null, k, src, v, d, "recv from rank " + src);
            MemorySegment.copy(in.segment(), 0, data, off + c, m);
        }
    }

    /** Binomial tree from {@code root}, chunk by chunk so that forwarding overlaps receiving. */
    void broadcast(MemorySegment data, int root, Deadline d) {
        int vr = (rank - root + size) % size;
        int parent = -1;
        int mask = 1;
        while (mask < size) {
            if ((vr & mask) != 0) {
                parent = (vr - mask + root) % size;
                break;
            }
            mask <<= 1;
        }
        long bytes = data.byteSize();
        for (long c = 0; c < bytes; c += chunk) {
            long m = Math.min(chunk, bytes - c);
            if (parent >= 0) {
                drain(data, c, m, parent, d);
            }
            for (int sub = mask >> 1; sub > 0; sub >>= 1) {
                if (vr + sub < size) {
                    stream(data, c, m, (vr + sub + root) % size, d);
                }
            }
        }
    }

    /** Ring all-gather: in step s, pass block (rank - s) right and take block (rank - s - 1) from the left. */
    void allGather(MemorySegment recv, long blockBytes, Deadline d) {
        int right = (rank + 1) % size;
        int left = (rank - 1 + size) % size;
        SelectionKey ok = channels.out(right);
        SelectionKey ik = channels.in(left, d);
        for (int s = 0; s < size - 1; s++) {
            long sendOff = ((rank - s + size) % size) * blockBytes;
            long recvOff = ((rank - s - 1 + 2 * size) % size) * blockBytes;
            for (long c = 0; c < blockBytes; c += chunk) {
                int m = (int) Math.min(chunk, blockBytes - c);
                MemorySegment.copy(recv, sendOff + c, out.segment(), 0, m);
                ByteBuffer sv = out.sendView().limit(m).position(0);
                ByteBuffer rv = in.recvView().limit(m).position(0);
                pump.exchange(ok, right, sv, ik, left, rv, d, "all-gather");
                MemorySegment.copy(in.segment(), 0, recv, recvOff + c, m);
            }
        }
    }

    /** A small control value to one peer (setup handshakes). */
    void sendLong(long v, int dst, Deadline d) {
        MemorySegment s = MemorySegment.ofArray(new long[] {v});
        send(s, dst, d);
    }

    long recvLong(int src, Deadline d) {
        long[] v = new long[1];
        recv(MemorySegment.ofArray(v), src, d);
        return v[0];
    }

    @Override
    public void close() {
        out.close();
        in.close();
    }
}
