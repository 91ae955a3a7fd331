package org.ddpkit.comm.nccl;

import jcuda.Pointer;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;
import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One GPU as the NCCL group uses it, through JCuda's runtime API: a stream, a device buffer and
 * a host staging buffer, both grown on demand and reused. Every call must come from the thread
 * that created it (the group's communication thread, on which the device is current).
 */
final class CudaDevice implements AutoCloseable {
    /** cudaErrorInsufficientDriver: JCuda's runtime is linked in, so this means "no NVIDIA driver". */
    private static final int INSUFFICIENT_DRIVER = 35;

    private final int index;
    private final StreamHandle stream = new StreamHandle();
    private DevicePointer device = new DevicePointer();
    private long deviceBytes;
    private Arena hostArena = Arena.ofShared();
    private MemorySegment host = MemorySegment.NULL;

    /** How many GPUs this process sees; exit 69 with the reason when none can be used. */
    static int count() {
        int[] n = new int[1];
        int rc;
        try {
            rc = JCuda.cudaGetDeviceCount(n);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("nccl", "JCuda's native library does not load here (" + e.getMessage()
                    + "): is the NVIDIA driver installed?", e);
        }
        if (rc == INSUFFICIENT_DRIVER) {
            throw new BackendUnavailableException("nccl", "no usable NVIDIA driver (cudaGetDeviceCount: "
                    + JCuda.cudaGetErrorString(rc) + ")");
        }
        if (rc != 0) {
            throw new BackendUnavailableException("nccl", "cudaGetDeviceCount failed: " + JCuda.cudaGetErrorString(rc));
        }
        if (n[0] == 0) {
            throw new BackendUnavailableException("nccl", "the driver shows no GPU to this process (check CUDA_VISIBLE_DEVICES)");
        }
        return n[0];
    }

    /** Makes GPU {@code index} current on this thread and creates the stream. */
    CudaDevice(int index) {
        this.index = index;
        check("cudaSetDevice(" + index + ")", JCuda.cudaSetDevice(index));
        check("cudaStreamCreate", JCuda.cudaStreamCreate(stream));
    }

    int index() {
        return index;
    }

    long stream() {
        return stream.address();
    }

    /** The device buffer, at least {@code bytes} long. */
    long deviceBuffer(long bytes) {
        if (bytes > deviceBytes) {
            if (deviceBytes > 0) {
                check("cudaFree", JCuda.cudaFree(device));
                device = new DevicePointer();
            }
            check("cudaMalloc(" + bytes + ")", JCuda.cudaMalloc(device, bytes));
            deviceBytes = bytes;
        }
        return device.address();
    }

    /** Copies all of {@code src} into the device buffer (sized by {@link #deviceBuffer}) at {@code offset}. */
    void toDevice(MemorySegment src, long offset) {
        long bytes = src.byteSize();
        MemorySegment h = staging(bytes);
        MemorySegment.copy(src, 0, h, 0, bytes);
        check("cudaMemcpyAsync(host to device)", JCuda.cudaMemcpyAsync(device.withByteOffset(offset),
                Pointer.to(h.asByteBuffer()), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream));
        synchronize(); // the staging buffer is reused by the next copy
    }

    /** Waits for the stream, then copies {@code dst.byteSize()} bytes from the device buffer at {@code offset}. */
    void toHost(MemorySegment dst, long offset) {
        long bytes = dst.byteSize();
        MemorySegment h = staging(bytes);
        check("cudaMemcpyAsync(device to host)", JCuda.cudaMemcpyAsync(Pointer.to(h.asByteBuffer()),
                device.withByteOffset(offset), bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost, stream));
        synchronize();
        MemorySegment.copy(h, 0, dst, 0, bytes);
    }

    void synchronize() {
        check("cudaStreamSynchronize", JCuda.cudaStreamSynchronize(stream));
    }

    private MemorySegment staging(long bytes) {
        if (bytes > host.byteSize()) {
            hostArena.close();
            hostArena = Arena.ofShared();
            host = hostArena.allocate(bytes, 256);
        }
        return host;
    }

    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new CommException(call + " failed: " + JCuda.cudaGetErrorString(rc) + " (" + rc + ")", ExitCodes.INTERNAL);
        }
    }

    @Override
    public void close() {
        if (deviceBytes > 0) {
            JCuda.cudaFree(device);
            deviceBytes = 0;
        }
        JCuda.cudaStreamDestroy(stream);
        hostArena.close();
    }
}
