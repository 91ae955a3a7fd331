package org.ddpkit.comm.mpj;

import mpi.MPI;
import mpi.Op;
import org.ddpkit.comm.Backend;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.bootstrap.Rendezvous;
import org.ddpkit.comm.core.AbstractProcessGroup;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code mpj} backend: MPI semantics from MPJ Express 0.44, with its limits kept away from
 * users:
 * <ul>
 * <li>no daemon: ranks first join rank 0's rendezvous (so its server is known to be up: niodev
 *     does not retry), then call MPI.Init against the same port;</li>
 * <li>Allreduce is only ever called with offset 0 (0.44 gets the last elements wrong
 *     otherwise), through reused staging arrays;</li>
 * <li>messages go in pieces of {@link #CHUNK_BYTES}, far below the 1 GiB niodev cannot send, and
 *     small enough to avoid another trap measured here: after one 64 MiB Allreduce, every later
 *     small one took about a second (16 MiB pieces keep them at milliseconds);</li>
 * <li>a dead peer leaves MPJ blocked forever: the control channel and the watchdog fail the
 *     caller's collective instead (the stuck MPJ call is abandoned on its daemon thread);</li>
 * <li>niodev's threads are not daemons, so a JVM that never calls Finalize would never exit:
 *     Init runs on the daemon communication thread, whose daemon status niodev's threads inherit;</li>
 * <li>times are measured with System.nanoTime, never MPI.Wtime (1 s resolution).</li>
 * </ul>
 * MPJ Express holds one world per JVM, so {@link #create} works once per process.
 */
public final class MpjProcessGroup extends AbstractProcessGroup {
    static final int CHUNK_BYTES = 16 << 20;
    private static final int TAG = 7;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private final Rendezvous rendezvous;
    private final Duration timeout;
    private float[] sendFloats = new float[0];
    private float[] recvFloats = new float[0];
    private byte[] sendBytes = new byte[0];
    private byte[] recvBytes = new byte[0];
    private volatile boolean initialized;

    private MpjProcessGroup(DistEnv env, GroupOptions options, GroupHealth health, Rendezvous rendezvous) {
        super(env.rank(), env.worldSize(), health, options.timeout(), true);
        this.rendezvous = rendezvous;
        this.timeout = options.timeout();
    }

    /** Joins the world and starts MPJ Express (niodev); once per JVM. */
    public static ProcessGroup create(DistEnv env, GroupOptions options) {
        if (!STARTED.compareAndSet(false, true)) {
            throw new CommException("MPJ Express can be started once per JVM, and this one already did",
                    ExitCodes.USAGE);
        }
        GroupHealth health = new GroupHealth();
        Rendezvous rdzv = Rendezvous.join(env, options, 0, Backend.MPJ.label(), health);
        MpjProcessGroup g = new MpjProcessGroup(env, options, health, rdzv);
        try {
            g.comm.run("MPI.Init", options.bootstrapTimeout(), d -> {
                MpjStartup.init(env);
                int r = MPI.COMM_WORLD.Rank();
                int n = MPI.COMM_WORLD.Size();
                if (r != env.rank() || n != env.worldSize()) {
                    throw new CommException("MPJ Express started as rank " + r + " of " + n + ", but RANK="
                            + env.rank() + " WORLD_SIZE=" + env.worldSize(), ExitCodes.INTERNAL);
                }
            });
            g.initialized = true;
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    @Override
    public String backend() {
        return Backend.MPJ.label();
    }

    @Override
    protected void doAllReduce(MemorySegment data, ReduceOp op, Deadline d) {
        long n = data.byteSize() / 4;
        Op mpiOp = switch (op) {
            case SUM, AVG -> MPI.SUM;
            case MAX -> MPI.MAX;
            case MIN -> MPI.MIN;
        };
        for (long off = 0; off < n; off += CHUNK_BYTES / 4) {
            int m = (int) Math.min(CHUNK_BYTES / 4, n - off);
            float[] in = floats(m, true);
            float[] out = floats(m, false);
            MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED, off * 4, in, 0, m);
            MPI.COMM_WORLD.Allreduce(in, 0, out, 0, m, MPI.FLOAT, mpiOp);
            if (op == ReduceOp.AVG) {
                for (int i = 0; i < m; i++) {
                    out[i] /= size;
                }
            }
            MemorySegment.copy(out, 0, data, ValueLayout.JAVA_FLOAT_UNALIGNED, off * 4, m);
        }
    }

    @Override
    protected void doBroadcast(MemorySegment data, int root, Deadline d) {
        long bytes = data.byteSize();
        for (long off = 0; off < bytes; off += CHUNK_BYTES) {
            int m = (int) Math.min(CHUNK_BYTES, bytes - off);
            byte[] buf = bytes(m, true);
            if (rank == root) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, 0, m);
            }
            MPI.COMM_WORLD.Bcast(buf, 0, m, MPI.BYTE, root);
            if (rank != root) {
                MemorySegment.copy(buf, 0, data, ValueLayout.JAVA_BYTE, off, m);
            }
        }
    }

    @Override
    protected void doAllGather(MemorySegment send, MemorySegment recv, Deadline d) {
        long block = send.byteSize();
        int piece = (int) Math.min(block, CHUNK_BYTES / size);
        for (long off = 0; off < block; off += piece) {
            int m = (int) Math.min(piece, block - off);
            byte[] in = bytes(m, true);
            byte[] out = bytes(m * size, false);
            MemorySegment.copy(send, ValueLayout.JAVA_BYTE, off, in, 0, m);
            MPI.COMM_WORLD.Allgather(in, 0, m, MPI.BYTE, out, 0, m, MPI.BYTE);
            for (int r = 0; r < size; r++) {
                MemorySegment.copy(out, r * m, recv, ValueLayout.JAVA_BYTE, r * block + off, m);
            }
        }
    }

    @Override
    protected void doSend(MemorySegment data, int dst, Deadline d) {
        long[] header = {data.byteSize()};
        MPI.COMM_WORLD.Send(header, 0, 1, MPI.LONG, dst, TAG);
        long bytes = data.byteSize();
        for (long off = 0; off < bytes; off += CHUNK_BYTES) {
            int m = (int) Math.min(CHUNK_BYTES, bytes - off);
            byte[] buf = bytes(m, true);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, 0, m);
            MPI.COMM_WORLD.Send(buf, 0, m, MPI.BYTE, dst, TAG);
        }
    }

    @Override
    protected void doRecv(MemorySegment data, int src, Deadline d) {
        long[] header = new long[1];
        MPI.COMM_WORLD.Recv(header, 0, 1, MPI.LONG, src, TAG);
        if (header[0] != data.byteSize()) {
            throw new CommException("rank " + src + " sent " + header[0] + " bytes but rank " + rank + " expected "
                    + data.byteSize() + ": matching send and recv calls must have the same length", ExitCodes.INTERNAL);
        }
        long bytes = data.byteSize();
        for (long off = 0; off < bytes; off += CHUNK_BYTES) {
            int m = (int) Math.min(CHUNK_BYTES, bytes - off);
            byte[] buf = bytes(m, false);
            MPI.COMM_WORLD.Recv(buf, 0, m, MPI.BYTE, src, TAG);
            MemorySegment.copy(buf, 0, data, ValueLayout.JAVA_BYTE, off, m);
        }
    }

    @Override
    protected void doBarrier(Deadline d) {
        MPI.COMM_WORLD.Barrier();
    }

    /** Finalizes MPJ when the group is healthy (Finalize ends in a barrier: bounded wait), then leaves. */
    @Override
    protected void doClose() {
        if (initialized && !health.failed()) {
            Thread t = Thread.ofPlatform().daemon().name("ddpkit-mpj-finalize").start(() -> {
                try {
                    MPI.Finalize();
                } catch (RuntimeException ignored) {
                    // leaving anyway; niodev's threads are daemons
                }
            });
            try {
                t.join(Math.min(timeout.toMillis(), 30_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rendezvous.close();
    }

    private float[] floats(int n, boolean send) {
        if (send) {
            return sendFloats.length >= n ? sendFloats : (sendFloats = new float[n]);
        }
        return recvFloats.length >= n ? recvFloats : (recvFloats = new float[n]);
    }

    private byte[] bytes(int n, boolean send) {
        if (send) {
            return sendBytes.length >= n ? sendBytes : (sendBytes = new byte[n]);
        }
        return recvBytes.length >= n ? recvBytes : (recvBytes = new byte[n]);
    }
}
