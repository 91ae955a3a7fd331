package org.ddpkit.comm.nccl;

import org.ddpkit.comm.Backend;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ReduceOp;
import org.ddpkit.comm.core.AbstractProcessGroup;
import org.ddpkit.comm.core.Deadline;
import org.ddpkit.comm.core.GroupHealth;
import org.ddpkit.comm.cpu.CpuProcessGroup;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The {@code nccl} backend. Before anything else it checks that libnccl loads and that a GPU is
 * usable, failing at once with exit 69 and the reason otherwise. A {@code cpu} group then
 * bootstraps it: rank 0 makes the ncclUniqueId and broadcasts it, and the cpu group's control
 * channel keeps watching for dead ranks. Each rank drives GPU {@code LOCAL_RANK mod devices}
 * from its communication thread, a dedicated platform thread on which that device is current.
 * Host data is staged through one reused device buffer; {@link #allReduceDevice} reduces data
 * already on the GPU, several buckets in one {@code ncclGroupStart/End}.
 */
public final class NcclProcessGroup extends AbstractProcessGroup {
    private static final int INT8 = 0;

    private final NcclLibrary nccl;
    private final CpuProcessGroup boot;
    private final int version;
    private CudaDevice cuda;
    private MemorySegment communicator = MemorySegment.NULL;

    private NcclProcessGroup(DistEnv env, GroupOptions options, GroupHealth health, NcclLibrary nccl,
                             CpuProcessGroup boot) {
        super(env.rank(), env.worldSize(), health, options.timeout(), true);
        this.nccl = nccl;
        this.boot = boot;
        this.version = nccl.version();
    }

    /** Checks NCCL and the GPU (exit 69), joins the world through a cpu group, creates the communicator. */
    public static NcclProcessGroup create(DistEnv env, GroupOptions options, Map<String, String> processEnv) {
        NcclLibrary nccl = NcclLibrary.load(processEnv);
        int devices = CudaDevice.count();
        CpuProcessGroup boot = CpuProcessGroup.create(env, options);
        GroupHealth health = new GroupHealth();
        NcclProcessGroup g;
        try {
            g = new NcclProcessGroup(env, options, health, nccl, boot);
        } catch (RuntimeException e) {
            boot.close();
            throw e;
        }
        boot.onFailure(health::fail);
        try {
            g.comm.run("ncclCommInitRank", options.bootstrapTimeout(), d -> g.start(env.localRank() % devices));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void start(int device) {
        cuda = new CudaDevice(device);
        ByteBuffer id = ByteBuffer.allocate(NcclUniqueId.BYTES);
        if (rank == 0) {
            id.put(nccl.uniqueId().bytes()).flip();
        }
        boot.broadcast(id, 0);
        communicator = nccl.commInitRank(size, new NcclUniqueId(id.array()), rank);
    }

    @Override
    public String backend() {
        return Backend.NCCL.label();
    }

    /** The GPU this rank drives. */
    public int device() {
        return cuda.index();
    }

    private int ncclOp(ReduceOp op) {
        return switch (op) {
            case SUM -> NcclLibrary.SUM;
            case AVG -> version >= NcclLibrary.AVG_SINCE ? NcclLibrary.AVG : NcclLibrary.SUM;
            case MAX -> NcclLibrary.MAX;
            case MIN -> NcclLibrary.MIN;
        };
    }

    @Override
    protected void doAllReduce(MemorySegment data, ReduceOp op, Deadline d) {
        long bytes = data.byteSize();
        long buf = cuda.deviceBuffer(bytes);
        cuda.toDevice(data, 0);
        nccl.allReduce(buf, buf, bytes / 4, NcclLibrary.FLOAT32, ncclOp(op), communicator, cuda.stream());
        cuda.toHost(data, 0);
        if (op == ReduceOp.AVG && version < NcclLibrary.AVG_SINCE) {
            for (long i = 0; i < bytes; i += 4) {
                data.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i,
                        data.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i) / size);
            }
        }
    }

    /**
     * All-reduces buffers already on this rank's GPU ({@code pointers[i]}, {@code counts[i]}
     * floats each) in one NCCL group, then waits for the stream. The trainer's gradient buckets.
     */
    public void allReduceDevice(long[] pointers, long[] counts, ReduceOp op) {
        if (pointers.length != counts.length) {
            throw new IllegalArgumentException("allReduceDevice: " + pointers.length + " pointers but " + counts.length + " counts");
        }
        if (op == ReduceOp.AVG && version < NcclLibrary.AVG_SINCE) {
            throw new IllegalArgumentException("allReduceDevice: AVG needs NCCL ≥ 2.10 (this is " + version + ")");
        }
        comm.run("device all-reduce of " + pointers.length + " buckets", d -> {
            nccl.groupStart();
            try {
                for (int i = 0; i < pointers.length; i++) {
                    nccl.allReduce(pointers[i], pointers[i], counts[i], NcclLibrary.FLOAT32, ncclOp(op), communicator, cuda.stream());
                }
            } finally {
                nccl.groupEnd();
            }
            cuda.synchronize();
        });
    }

    @Override
    protected void doBroadcast(MemorySegment bytes, int root, Deadline d) {
        long buf = cuda.deviceBuffer(bytes.byteSize());
        if (rank == root) {
            cuda.toDevice(bytes, 0);
        }
        nccl.broadcast(buf, buf, bytes.byteSize(), INT8, root, communicator, cuda.stream());
        cuda.toHost(bytes, 0);
    }

    @Override
    protected void doAllGather(MemorySegment send, MemorySegment recv, Deadline d) {
        long block = send.byteSize();
        long buf = cuda.deviceBuffer(recv.byteSize());
        cuda.toDevice(send, rank * block);
        nccl.allGather(buf + rank * block, buf, block, INT8, communicator, cuda.stream());
        cuda.toHost(recv, 0);
    }

    @Override
    protected void doSend(MemorySegment bytes, int dst, Deadline d) {
        long buf = cuda.deviceBuffer(bytes.byteSize());
        cuda.toDevice(bytes, 0);
        nccl.groupStart();
        try {
            nccl.send(buf, bytes.byteSize(), INT8, dst, communicator, cuda.stream());
        } finally {
            nccl.groupEnd();
        }
        cuda.synchronize();
    }

    @Override
    protected void doRecv(MemorySegment bytes, int src, Deadline d) {
        long buf = cuda.deviceBuffer(bytes.byteSize());
        nccl.groupStart();
        try {
            nccl.recv(buf, bytes.byteSize(), INT8, src, communicator, cuda.stream());
        } finally {
            nccl.groupEnd();
        }
        cuda.toHost(bytes, 0);
    }

    @Override
    protected void doBarrier(Deadline d) {
        boot.barrier();
    }

    /** Destroys the communicator (aborts it when the group failed, which unblocks stuck kernels). */
    @Override
    protected void doClose() {
        if (!communicator.equals(MemorySegment.NULL)) {
            try {
                if (health.failed()) {
                    nccl.commAbort(communicator);
                } else {
                    nccl.commDestroy(communicator);
                }
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        boot.close();
        // device memory and the stream go with the process: CUDA calls belong on the (closed) communication thread
    }
}
