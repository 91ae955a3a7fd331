package org.ddpkit.comm.nccl;

import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.ExitCodes;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libnccl.so.2 through FFM: one downcall handle per function, with NCCL's C signatures
 * ({@code ncclUniqueId} is a 128-byte struct passed by value; enums are C ints; size_t is a
 * long). Every call that returns an error throws {@link NcclException} with
 * {@code ncclGetErrorString}'s text. Pointers (device buffers, streams, communicators) are raw
 * addresses.
 */
public final class NcclLibrary {
    /** ncclDataType_t ncclFloat32. */
    public static final int FLOAT32 = 7;
    /** ncclRedOp_t values. */
    public static final int SUM = 0;
    public static final int MAX = 2;
    public static final int MIN = 3;
    public static final int AVG = 4;
    /** ncclAvg exists from NCCL 2.10 (version code 21000). */
    public static final int AVG_SINCE = 21000;

    static final StructLayout UNIQUE_ID = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(NcclUniqueId.BYTES, ValueLayout.JAVA_BYTE).withName("internal"))
            .withName("ncclUniqueId");

    private final String source;
    private final MethodHandle getVersion;
    private final MethodHandle getUniqueId;
    private final MethodHandle commInitRank;
    private final MethodHandle allReduce;
    private final MethodHandle broadcast;
    private final MethodHandle allGather;
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle groupStart;
    private final MethodHandle groupEnd;
    private final MethodHandle commDestroy;
    private final MethodHandle commAbort;
    private final MethodHandle getErrorString;

    private NcclLibrary(SymbolLookup lib, String source) {
        this.source = source;
        Linker l = Linker.nativeLinker();
        getVersion = l.downcallHandle(find(lib, "ncclGetVersion"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getUniqueId = l.downcallHandle(find(lib, "ncclGetUniqueId"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commInitRank = l.downcallHandle(find(lib, "ncclCommInitRank"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT));
        allReduce = l.downcallHandle(find(lib, "ncclAllReduce"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        broadcast = l.downcallHandle(find(lib, "ncclBroadcast"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        allGather = l.downcallHandle(find(lib, "ncclAllGather"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        send = l.downcallHandle(find(lib, "ncclSend"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        recv = l.downcallHandle(find(lib, "ncclRecv"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        groupStart = l.downcallHandle(find(lib, "ncclGroupStart"), FunctionDescriptor.of(JAVA_INT));
        groupEnd = l.downcallHandle(find(lib, "ncclGroupEnd"), FunctionDescriptor.of(JAVA_INT));
        commDestroy = l.downcallHandle(find(lib, "ncclCommDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commAbort = l.downcallHandle(find(lib, "ncclCommAbort"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getErrorString = l.downcallHandle(find(lib, "ncclGetErrorString"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new BackendUnavailableException("nccl",
                source + " has no symbol " + name + ": not an NCCL library, or older than NCCL 2.7"));
    }

    /**
     * The library named by {@code NCCL_LIBRARY} in {@code processEnv}, else {@code libnccl.so.2}
     * from the loader path; exit 69 with the reason when neither loads.
     */
    public static NcclLibrary load(Map<String, String> processEnv) {
        String explicit = processEnv.get("NCCL_LIBRARY");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new BackendUnavailableException("nccl", "NCCL_LIBRARY=" + explicit + ": no such file");
            }
            return load(p);
        }
        try {
            return new NcclLibrary(SymbolLookup.libraryLookup("libnccl.so.2", Arena.global()), "libnccl.so.2");
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("nccl", "libnccl.so.2 is not on the loader path "
                    + "(LD_LIBRARY_PATH, ldconfig): install NCCL or set NCCL_LIBRARY to the library's path", e);
        }
    }

    /** The library at {@code path}. */
    public static NcclLibrary load(Path path) {
        try {
            return new NcclLibrary(SymbolLookup.libraryLookup(path, Arena.global()), path.toString());
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("nccl", "cannot load " + path + ": " + e.getMessage(), e);
        }
    }

    /** NCCL's version code, e.g. 22304 for 2.23.4. */
    public int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            invoke("ncclGetVersion", () -> (int) getVersion.invokeExact(v));
            return v.get(JAVA_INT, 0);
        }
    }

    /** A fresh unique id (rank 0 makes it; it works without a GPU). */
    public NcclUniqueId uniqueId() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment id = a.allocate(UNIQUE_ID);
            invoke("ncclGetUniqueId", () -> (int) getUniqueId.invokeExact(id));
            return new NcclUniqueId(id.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** {@code ncclCommInitRank}: joins communicator {@code id} as {@code rank} of {@code nranks}; returns the ncclComm_t. */
    public MemorySegment commInitRank(int nranks, NcclUniqueId id, int rank) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment comm = a.allocate(ADDRESS);
            MemorySegment byValue = a.allocate(UNIQUE_ID);
            MemorySegment.copy(id.bytes(), 0, byValue, ValueLayout.JAVA_BYTE, 0, NcclUniqueId.BYTES);
            invoke("ncclCommInitRank", () -> (int) commInitRank.invokeExact(comm, nranks, byValue, rank));
            return comm.get(ADDRESS, 0);
        }
    }

    public void allReduce(long sendBuf, long recvBuf, long count, int dataType, int op, MemorySegment comm, long stream) {
        invoke("ncclAllReduce", () -> (int) allReduce.invokeExact(MemorySegment.ofAddress(sendBuf),
                    MemorySegment.ofAddress(recvBuf), count, dataType, op, comm, MemorySegment.ofAddress(stream)));
    }

    public void broadcast(long sendBuf, long recvBuf, long count, int dataType, int root, MemorySegment comm, long stream) {
        invoke("ncclBroadcast", () -> (int) broadcast.invokeExact(MemorySegment.ofAddress(sendBuf),
                    MemorySegment.ofAddress(recvBuf), count, dataType, root, comm, MemorySegment.ofAddress(stream)));
    }

    public void allGather(long sendBuf, long recvBuf, long sendCount, int dataType, MemorySegment comm, long stream) {
        invoke("ncclAllGather", () -> (int) allGather.invokeExact(MemorySegment.ofAddress(sendBuf),
                    MemorySegment.ofAddress(recvBuf), sendCount, dataType, comm, MemorySegment.ofAddress(stream)));
    }

    public void send(long buf, long count, int dataType, int peer, MemorySegment comm, long stream) {
        invoke("ncclSend", () -> (int) send.invokeExact(MemorySegment.ofAddress(buf), count, dataType, peer, comm,
                    MemorySegment.ofAddress(stream)));
    }

    public void recv(long buf, long count, int dataType, int peer, MemorySegment comm, long stream) {
        invoke("ncclRecv", () -> (int) recv.invokeExact(MemorySegment.ofAddress(buf), count, dataType, peer, comm,
                    MemorySegment.ofAddress(stream)));
    }

    public void groupStart() {
        invoke("ncclGroupStart", () -> (int) groupStart.invokeExact());
    }

    public void groupEnd() {
        invoke("ncclGroupEnd", () -> (int) groupEnd.invokeExact());
    }

    public void commDestroy(MemorySegment comm) {
        invoke("ncclCommDestroy", () -> (int) commDestroy.invokeExact(comm));
    }

    /** Aborts the communicator's pending work (unblocks a collective stuck on a dead peer). */
    public void commAbort(MemorySegment comm) {
        invoke("ncclCommAbort", () -> (int) commAbort.invokeExact(comm));
    }

    /** ncclGetErrorString's text for {@code code}. */
    public String errorString(int code) {
        try {
            MemorySegment s = (MemorySegment) getErrorString.invokeExact(code);
            return s.equals(MemorySegment.NULL) ? "(no text)" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "(ncclGetErrorString failed: " + t + ")";
        }
    }

    /** A downcall returning an ncclResult_t. */
    @FunctionalInterface
    private interface Downcall {
        int call() throws Throwable;
    }

    /** Runs {@code c}; a non-zero result becomes an {@link NcclException}, a failed call a CommException. */
    private void invoke(String call, Downcall c) {
        int rc;
        try {
            rc = c.call();
        } catch (Throwable t) {
            throw internal(call, t);
        }
        check(call, rc);
    }

    private void check(String call, int rc) {
        if (rc != 0) {
            throw new NcclException(call, rc, errorString(rc));
        }
    }

    private static CommException internal(String call, Throwable t) {
        return new CommException(call + " could not be called: " + t, ExitCodes.INTERNAL, t);
    }

    @Override
    public String toString() {
        return "NcclLibrary[" + source + "]";
    }
}
