package org.ddpkit.comm.cpu;

import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.ReduceKernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;

/**
 * The all-reduce between nodes: a ring of P members (one per node) doing reduce-scatter then
 * all-gather, 2(P-1) steps over P segments of the data, each member sending to its right and
 * receiving from its left. Steps are pipelined: the outgoing stream of step g is the segment
 * received (and reduced) in step g-1, and any byte of it leaves as soon as it is ready, so one
 * step's tail overlaps the next step's head. Sends come straight from the work buffer;
 * reduce-scatter data lands in a staging buffer and is folded into the work buffer as it
 * arrives; all-gather data lands in place. Each segment's final value is computed by one
 * member and copied to the others, so every member ends with the same bits.
 */
final class RingAllReduce {
    private static final String WHAT = "ring all-reduce";

    private final int p;
    private final int size;
    private final int left;
    private final int right;
    private final PeerChannels channels;
    private final ChannelPump pump;
    private final ReduceKernels kernels;
    private final NativeBuffer stage = new NativeBuffer();
    private final int stageBytes;

    /** {@code ring}: the members' global ranks in ring order; {@code me}: this rank. */
    RingAllReduce(List<Integer> ring, int me, PeerChannels channels, ChannelPump pump, ReduceKernels kernels,
                  int chunkBytes) {
        this.size = ring.size();
        this.p = ring.indexOf(me);
        this.left = ring.get((p - 1 + size) % size);
        this.right = ring.get((p + 1) % size);
        this.channels = channels;
        this.pump = pump;
        this.kernels = kernels;
        this.stageBytes = Math.max(4, chunkBytes / 4 * 4) * 4;
    }

    private long segStart(long n, int i) {
        return n * i / size * 4;
    }

    private long segLen(long n, int i) {
        return segStart(n, i + 1) - segStart(n, i);
    }

    private int mod(int x) {
        return ((x % size) + size) % size;
    }

    private int outSeg(int g) {
        return g < size - 1 ? mod(p - g) : mod(p + 1 - (g - (size - 1)));
    }

    private int inSeg(int g) {
        return g < size - 1 ? mod(p - g - 1) : mod(p - (g - (size - 1)));
    }

    /** All-reduces the first {@code n} floats of {@code work} in place (see {@link #run(MemorySegment, ByteBuffer, ByteBuffer, long, ReduceOp, float, Deadline)}). */
    void run(NativeBuffer work, long n, ReduceOp op, float divisor, Deadline d) {
        run(work.segment(), work.sendView(), work.recvView(), n, op, divisor, d);
    }

    /**
     * All-reduces the first {@code n} floats of native {@code data} in place; {@code sendView} and
     * {@code recvView} are two ByteBuffer views of it (position and limit are overwritten). A
     * non-zero {@code divisor} divides each fully reduced segment once, before it is gathered (AVG).
     */
    void run(MemorySegment data, ByteBuffer sendView, ByteBuffer recvView, long n, ReduceOp op, float divisor,
             Deadline d) {
        SelectionKey outKey = channels.out(right);
        SelectionKey inKey = channels.in(left, d);
        MemorySegment stageSeg = stage.ensure(stageBytes);
        ByteBuffer stageView = stage.recvView();
        int steps = 2 * (size - 1);
        int sendStep = 0;
        long sendOff = 0;
        int recvStep = 0;
        long recvOff = 0;
        long procOff = 0;
        int stagePos = 0;
        int stageDone = 0;
        while (sendStep < steps || recvStep < steps) {
            boolean progress = false;
            boolean wantWrite = false;
            // send whatever of the current outgoing segment is ready
            while (sendStep < steps && sendOff == segLen(n, outSeg(sendStep))) {
                sendStep++;
                sendOff = 0;
            }
            if (sendStep < steps) {
                long len = segLen(n, outSeg(sendStep));
                long ready = sendStep == 0 || recvStep > sendStep - 1 ? len : recvStep == sendStep - 1 ? procOff : 0;
                if (sendOff < ready) {
                    long base = segStart(n, outSeg(sendStep));
                    sendView.limit((int) (base + ready)).position((int) (base + sendOff));
                    int w = pump.write(outKey, right, sendView, WHAT);
                    sendOff += w;
                    progress = w > 0;
                    wantWrite = sendOff < ready;
                }
            }
            // receive into the current incoming segment
            while (recvStep < steps && procOff == segLen(n, inSeg(recvStep))) {
                recvStep++;
                recvOff = 0;
                procOff = 0;
                stagePos = 0;
                stageDone = 0;
            }
            if (recvStep < steps) {
                long len = segLen(n, inSeg(recvStep));
                long base = segStart(n, inSeg(recvStep));
                if (recvStep < size - 1) {
                    int want = (int) Math.min(len - recvOff, stageBytes - stagePos);
                    stageView.limit(stagePos + want).position(stagePos);
                    int r = pump.read(inKey, left, stageView, WHAT);
                    if (r > 0) {
                        progress = true;
                        stagePos += r;
                        recvOff += r;
                        int whole = (stagePos - stageDone) & ~3;
                        if (whole > 0) {
                            kernels.accumulate(data, base + procOff, stageSeg, stageDone, whole / 4, op);
                            if (divisor != 0 && recvStep == size - 2) {
                                kernels.divide(data, base + procOff, whole / 4, divisor);
                            }
                            procOff += whole;
                            stageDone += whole;
                        }
                        if (stagePos == stageBytes && stageDone == stagePos) {
                            stagePos = 0;
                            stageDone = 0;
                        }
                    }
                } else {
                    recvView.limit((int) (base + len)).position((int) (base + recvOff));
                    int r = pump.read(inKey, left, recvView, WHAT);
                    if (r > 0) {
                        progress = true;
                        recvOff += r;
                        procOff = recvOff;
                    }
                }
            }
            if (!progress) {
                boolean reading = recvStep < steps;
                if (reading || wantWrite) {
                    pump.await(wantWrite ? outKey : null, reading ? inKey : null, reading ? left : right, d, WHAT);
                }
            }
        }
    }

    void close() {
        stage.close();
    }
}
