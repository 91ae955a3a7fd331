package org.ddpkit.comm.nccl;

import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java-to-C layer against a stub libnccl with NCCL's C signatures (built with gcc here): the
 * arguments arrive as sent, the 128-byte unique id travels by value, and error codes become
 * exceptions carrying ncclGetErrorString's text.
 */
class NcclLibraryTest {
    private static NcclLibrary nccl;
    private static Path stub;

    @BeforeAll
    static void load() throws Exception {
        stub = NcclStub.build();
        nccl = NcclLibrary.load(Map.of("NCCL_LIBRARY", stub.toString()));
        NcclStub.bind(stub);
    }

    @Test
    void versionComesBack() {
        assertEquals(22304, nccl.version());
    }

    @Test
    void uniqueIdTravelsByValue() throws Throwable {
        NcclUniqueId made = nccl.uniqueId();
        byte[] expected = new byte[128];
        for (int i = 0; i < 128; i++) {
            expected[i] = (byte) (i * 7 + 3);
        }
        assertArrayEquals(expected, made.bytes());
        byte[] random = new byte[128];
        new Random(42).nextBytes(random);
        MemorySegment comm = nccl.commInitRank(4, new NcclUniqueId(random), 2);
        assertArrayEquals(random, NcclStub.lastId(), "the id the library received differs from the one sent");
        assertEquals(4, NcclStub.lastInt(4));
        assertEquals(2, NcclStub.lastInt(5));
        assertNotEquals(0, comm.address());
    }

    @Test
    void allReduceArgumentsArriveAndResultsReturn() throws Throwable {
        MemorySegment comm = nccl.commInitRank(3, nccl.uniqueId(), 0);
        try (Arena a = Arena.ofConfined()) {
            int n = 1001;
            MemorySegment send = a.allocate(4L * n, 64);
            MemorySegment recv = a.allocate(4L * n, 64);
            for (int i = 0; i < n; i++) {
                send.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
            }
            long stream = 0x5678_0000L;
            nccl.allReduce(send.address(), recv.address(), n, NcclLibrary.FLOAT32, NcclLibrary.SUM, comm, stream);
            for (int i = 0; i < n; i++) {
                assertEquals(3 * i * 0.5f, recv.getAtIndex(ValueLayout.JAVA_FLOAT, i));
            }
            assertEquals(send.address(), NcclStub.lastPtr(0));
            assertEquals(recv.address(), NcclStub.lastPtr(1));
            assertEquals(comm.address(), NcclStub.lastPtr(2));
            assertEquals(stream, NcclStub.lastPtr(3));
            assertEquals(n, NcclStub.lastCount());
            assertEquals(NcclLibrary.FLOAT32, NcclStub.lastInt(0));
            assertEquals(NcclLibrary.SUM, NcclStub.lastInt(1));
            nccl.broadcast(send.address(), recv.address(), 7, 0, 2, comm, stream);
            assertEquals(2, NcclStub.lastInt(2));
            nccl.groupStart();
            nccl.send(send.address(), 5, 0, 1, comm, stream);
            assertEquals(1, NcclStub.lastInt(6), "inside one group");
            nccl.groupEnd();
            assertEquals(1, NcclStub.lastInt(3));
            assertEquals(0, NcclStub.lastInt(6));
        }
    }

    @ParameterizedTest(name = "code {0} → {1}")
    @CsvSource({
            "1, ncclUnhandledCudaError, stub: unhandled cuda error, 70",
            "2, ncclSystemError,        stub: unhandled system error, 70",
            "3, ncclInternalError,      stub: internal error, 70",
            "4, ncclInvalidArgument,    stub: invalid argument, 70",
            "5, ncclInvalidUsage,       stub: invalid usage, 70",
            "6, ncclRemoteError,        stub: remote process exited or there was a network error, 75",
    })
    void errorCodesBecomeExceptionsWithNcclsText(int code, String name, String text, int exit) throws Throwable {
        MemorySegment comm = nccl.commInitRank(2, nccl.uniqueId(), 1);
        NcclStub.failNext(code);
        NcclException e = assertThrows(NcclException.class,
                () -> nccl.allReduce(0, 0, 0, NcclLibrary.FLOAT32, NcclLibrary.SUM, comm, 0));
        assertEquals(code, e.code());
        assertEquals("ncclAllReduce failed: " + name + " (" + code + "): " + text, e.getMessage());
        assertEquals(exit, e.exitCode());
    }

    @Test
    void invalidArgumentsAreReportedByTheLibrary() {
        NcclException e = assertThrows(NcclException.class, () -> nccl.commInitRank(0, nccl.uniqueId(), 0));
        assertEquals("ncclCommInitRank failed: ncclInvalidArgument (4): stub: invalid argument", e.getMessage());
        NcclException g = assertThrows(NcclException.class, nccl::groupEnd);
        assertEquals(5, g.code());
    }

    @Test
    void missingLibraryIsServiceUnavailable() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> NcclLibrary.load(Map.of("NCCL_LIBRARY", "/nonexistent/libnccl.so.2")));
        assertEquals(ExitCodes.UNAVAILABLE, e.exitCode());
        assertEquals("backend nccl is unavailable: NCCL_LIBRARY=/nonexistent/libnccl.so.2: no such file", e.getMessage());
    }

    @Test
    void aLibraryThatIsNotNcclIsServiceUnavailable() {
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        org.ddpkit.testkit.Requirements.require(java.nio.file.Files.exists(libm), "needs Debian's " + libm);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> NcclLibrary.load(libm));
        assertTrue(e.getMessage().contains("has no symbol ncclGetVersion"), e.getMessage());
    }
}
