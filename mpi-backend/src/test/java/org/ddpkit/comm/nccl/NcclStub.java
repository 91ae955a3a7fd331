package org.ddpkit.comm.nccl;

import org.ddpkit.testkit.Requirements;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The stub libnccl (src/test/resources/nccl-stub/nccl_stub.c), compiled with gcc at test time,
 * and its test hooks: what the last call received, and "fail the next call with this code".
 */
final class NcclStub {
    static final Path SOURCE = Path.of("src/test/resources/nccl-stub/nccl_stub.c");
    static final Path LIBRARY = Path.of("target/nccl-stub/libnccl-stub.so");
    private static MethodHandle failNext;
    private static MethodHandle lastId;
    private static MethodHandle lastCount;
    private static MethodHandle lastInt;
    private static MethodHandle lastPtr;

    private NcclStub() {}

    /** Builds the stub once (skips, or fails under CI, without gcc). */
    static synchronized Path build() throws IOException, InterruptedException {
        if (Files.isRegularFile(LIBRARY) && Files.getLastModifiedTime(LIBRARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return LIBRARY.toAbsolutePath();
        }
        Files.createDirectories(LIBRARY.getParent());
        List<String> cmd = List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", LIBRARY.toString(),
                SOURCE.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Requirements.require(false, "gcc is needed to build the stub libnccl: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("gcc failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return LIBRARY.toAbsolutePath();
    }

    static synchronized void bind(Path lib) {
        if (failNext != null) {
            return;
        }
        SymbolLookup l = SymbolLookup.libraryLookup(lib, Arena.global());
        Linker linker = Linker.nativeLinker();
        failNext = linker.downcallHandle(l.findOrThrow("stub_fail_next"), FunctionDescriptor.ofVoid(JAVA_INT));
        lastId = linker.downcallHandle(l.findOrThrow("stub_last_id"), FunctionDescriptor.ofVoid(ADDRESS));
        lastCount = linker.downcallHandle(l.findOrThrow("stub_last_count"), FunctionDescriptor.of(JAVA_LONG));
        lastInt = linker.downcallHandle(l.findOrThrow("stub_last_int"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        lastPtr = linker.downcallHandle(l.findOrThrow("stub_last_ptr"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    static void failNext(int code) throws Throwable {
        failNext.invokeExact(code);
    }

    static byte[] lastId() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(128);
            lastId.invokeExact(out);
            return out.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    static long lastCount() throws Throwable {
        return (long) lastCount.invokeExact();
    }

    /** 0 dtype, 1 op, 2 root, 3 peer, 4 nranks, 5 rank, 6 group depth, 7 group starts so far. */
    static int lastInt(int which) throws Throwable {
        return (int) lastInt.invokeExact(which);
    }

    /** 0 send, 1 recv, 2 comm, 3 stream. */
    static long lastPtr(int which) throws Throwable {
        return ((MemorySegment) lastPtr.invokeExact(which)).address();
    }
}
