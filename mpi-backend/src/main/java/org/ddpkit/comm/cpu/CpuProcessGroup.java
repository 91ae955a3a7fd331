package org.ddpkit.comm.cpu;

import org.ddpkit.comm.Backend;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.bootstrap.PeerTable;
import org.ddpkit.comm.bootstrap.Rendezvous;
import org.ddpkit.comm.core.AbstractProcessGroup;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;
import org.ddpkit.comm.core.ReduceKernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code cpu} backend. All-reduce is hierarchical: the ranks of a node (same GROUP_RANK)
 * reduce through shared memory, the nodes' leaders (local rank 0) run a TCP ring, and the
 * leaders hand the result back through shared memory. With one rank per node only the ring
 * runs; with one node only shared memory. Data beyond {@link #WINDOW_BYTES} goes in windows, so
 * scratch memory stays bounded. Broadcast, all-gather and send/recv use point-to-point TCP.
 */
public final class CpuProcessGroup extends AbstractProcessGroup {
    /** Largest piece all-reduced at once (bounds the leaders' work buffer). */
    static final long WINDOW_BYTES = 64L << 20;

    private final Rendezvous rendezvous;
    private final PeerChannels channels;
    private final PointToPoint p2p;
    private final int[] nodeRanks;
    private final int localIndex;
    private final boolean leader;
    private final List<Integer> ring;
    private final RingAllReduce ringReduce;
    private final NativeBuffer work = new NativeBuffer();
    private final Arena barrierArena = Arena.ofShared();
    private final MemorySegment barrierCell = barrierArena.allocate(ValueLayout.JAVA_FLOAT);
    private final GroupOptions options;
    private final DistEnv env;
    private final ReduceKernels kernels;
    private ShmRegion shm;
    private ShmAllReduce shmReduce;

    private CpuProcessGroup(DistEnv env, GroupOptions options, GroupHealth health, PeerChannels channels,
                            Rendezvous rendezvous) {
        super(env.rank(), env.worldSize(), health, options.timeout(), false);
        this.env = env;
        this.options = options;
        this.rendezvous = rendezvous;
        this.channels = channels;
        PeerTable table = rendezvous.table();
        ChannelPump pump = new ChannelPump(channels.selector(), health);
        this.p2p = new PointToPoint(rank, size, channels, pump, options.ringChunkBytes() * 4);
        this.nodeRanks = table.ranksOnNode(env.groupRank()).stream().mapToInt(Integer::intValue).toArray();
        this.localIndex = table.peer(rank).localRank();
        this.leader = localIndex == 0;
        this.ring = table.leaders();
        ReduceKernels kernels = ReduceKernels.best();
        this.ringReduce = leader && ring.size() > 1
                ? new RingAllReduce(ring, rank, channels, pump, kernels, options.ringChunkBytes()) : null;
        this.kernels = kernels;
    }

    /** Joins the world (see {@link org.ddpkit.comm.ProcessGroups#init}) and sets up shared memory. */
    public static CpuProcessGroup create(DistEnv env, GroupOptions options) {
        GroupHealth health = new GroupHealth();
        PeerChannels channels = new PeerChannels(env.rank(), env.restartCount(), health);
        Rendezvous rdzv;
        try {
            rdzv = Rendezvous.join(env, options, channels.port(), Backend.CPU.label(), health);
        } catch (RuntimeException e) {
            channels.close();
            throw e;
        }
        channels.table(rdzv.table());
        CpuProcessGroup g = new CpuProcessGroup(env, options, health, channels, rdzv);
        try {
            g.comm.run("shared-memory setup", options.bootstrapTimeout(), g::setupShm);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /**
     * Automatic shared-memory step size (GroupOptions.shmChunkBytes 0): small enough that a step's
     * slots stay in cache and 4 MB already takes several overlapped steps (measured on the 2-core
     * VM, 2 ranks: 4 MB in 0.4 ms against 1.4 ms with 2 MiB, 16 MB in 2.1-2.9 against 2.4-5.4 ms);
     * with more ranks than cores each barrier costs a context switch, so fewer, larger steps.
     */
    static final long SHM_CHUNK = 512 << 10;
    static final long SHM_CHUNK_OVERSUBSCRIBED = 2 << 20;

    /** Local rank 0 creates the file and tells the others; once all have mapped it, it is unlinked. */
    private void setupShm(Deadline d) {
        if (nodeRanks.length < 2) {
            return;
        }
        String name = "ddpkit-" + env.runId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-p" + env.masterPort()
                + "-r" + env.restartCount() + "-g" + env.groupRank();
        Path path = ShmRegion.directory().resolve(name);
        boolean auto = options.shmChunkBytes() == 0;
        long chunk = auto ? (nodeRanks.length > Runtime.getRuntime().availableProcessors() ? SHM_CHUNK_OVERSUBSCRIBED : SHM_CHUNK)
                : options.shmChunkBytes();
        if (leader) {
            shm = ShmRegion.create(path, nodeRanks, chunk, health);
            try {
                for (int i = 1; i < nodeRanks.length; i++) {
                    p2p.sendLong(ShmRegion.bytesFor(nodeRanks.length, chunk), nodeRanks[i], d);
                }
                for (int i = 1; i < nodeRanks.length; i++) {
                    p2p.recvLong(nodeRanks[i], d);
                }
            } finally {
                shm.unlink();
            }
        } else {
            long bytes = p2p.recvLong(nodeRanks[0], d);
            if (auto) {
                chunk = ShmRegion.chunkFor(nodeRanks.length, bytes); // the leader's pick
            }
            shm = ShmRegion.open(path, nodeRanks, localIndex, chunk, bytes, health);
            p2p.sendLong(1, nodeRanks[0], d);
        }
        shmReduce = new ShmAllReduce(shm, kernels);
    }

    @Override
    public String backend() {
        return Backend.CPU.label();
    }

    /**
     * Runs {@code listener} with this group's first failure (a peer died, a timeout): lets a
     * group built on top of this one (nccl bootstraps through it) fail along.
     */
    public void onFailure(java.util.function.Consumer<org.ddpkit.comm.CommException> listener) {
        health.onAbort(() -> listener.accept(health.failure()));
    }

    @Override
    protected void doAllReduce(MemorySegment data, ReduceOp op, Deadline d) {
        float divisor = op == ReduceOp.AVG ? size : 0;
        long total = data.byteSize();
        for (long off = 0; off < total; off += WINDOW_BYTES) {
            long len = Math.min(WINDOW_BYTES, total - off);
            if (ringReduce == null && shmReduce == null) {
                continue; // this rank's node has one rank and is the only node: size 1
            }
            if (shmReduce == null && data.isNative()) { // one rank per node, native data: the ring in place
                MemorySegment window = data.asSlice(off, len);
                ringReduce.run(window, window.asByteBuffer(), window.asByteBuffer(), len / 4, op, divisor, d);
            } else if (shmReduce == null) { // one rank per node, data on the heap: through the work buffer
                work.ensure(len);
                MemorySegment.copy(data, off, work.segment(), 0, len);
                ringReduce.run(work, len / 4, op, divisor, d);
                MemorySegment.copy(work.segment(), 0, data, off, len);
            } else if (ring.size() == 1) { // one node: shared memory alone
                shmReduce.reduce(data, off, data, off, len, op, divisor, d);
            } else if (leader) {
                work.ensure(len);
                shmReduce.reduce(data, off, work.segment(), 0, len, op, 0, d);
                ringReduce.run(work, len / 4, op, divisor, d);
                shmReduce.broadcastFromLeader(work.segment(), 0, data, off, len, d);
            } else {
                shmReduce.reduce(data, off, null, 0, len, op, 0, d);
                shmReduce.broadcastFromLeader(null, 0, data, off, len, d);
            }
        }
    }

    @Override
    protected void doBroadcast(MemorySegment bytes, int root, Deadline d) {
        p2p.broadcast(bytes, root, d);
    }

    @Override
    protected void doAllGather(MemorySegment send, MemorySegment recv, Deadline d) {
        p2p.allGather(recv, send.byteSize(), d);
    }

    @Override
    protected void doSend(MemorySegment bytes, int dst, Deadline d) {
        p2p.send(bytes, dst, d);
    }

    @Override
    protected void doRecv(MemorySegment bytes, int src, Deadline d) {
        p2p.recv(bytes, src, d);
    }

    @Override
    protected void doBarrier(Deadline d) {
        if (size > 1) {
            barrierCell.set(ValueLayout.JAVA_FLOAT, 0, 0f);
            doAllReduce(barrierCell, ReduceOp.SUM, d);
        }
    }

    @Override
    protected void doClose() {
        quietly(rendezvous::close);
        quietly(channels::close);
        quietly(p2p::close);
        if (ringReduce != null) {
            quietly(ringReduce::close);
        }
        quietly(work::close);
        if (shm != null) {
            quietly(shm::close);
        }
        quietly(barrierArena::close);
    }

    /** Frees one resource; a collective still running on another thread may hold it, which must not stop the rest. */
    private static void quietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException ignored) {
            // in use by a collective that is being abandoned: the process frees it at exit
        }
    }
}
