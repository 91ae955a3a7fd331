package org.ddpkit.comm.nccl;

import org.ddpkit.comm.BackendUnavailableException;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.CommTestRanks;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroups;
import org.ddpkit.testkit.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nccl process group: fail fast without a GPU; on a machine with two GPUs and NCCL, every collective. */
class NcclBackendTest {

    /** The reason no GPU can be used here, or null when one can. */
    private static String noGpuReason() {
        try {
            CudaDevice.count();
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    @Test
    @Timeout(30)
    void withoutAGpuTheGroupFailsAtOnceWithExit69() throws Exception {
        String why = noGpuReason();
        if (why == null) {
            Requirements.skip("this machine has a usable GPU, so the no-GPU path cannot be observed here");
        }
        Path stub = NcclStub.build();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // WORLD_SIZE=2 with no second rank: had it reached the rendezvous, it would wait out the timeout
        DistEnv env = new DistEnv(0, 0, 2, 2, 0, "127.0.0.1", port, 0, "nccl-test");
        GroupOptions opts = GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        CommException e = assertThrows(CommException.class,
                () -> ProcessGroups.init(env, "nccl", opts, Map.of("NCCL_LIBRARY", stub.toString())));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCodes.UNAVAILABLE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("backend nccl is unavailable: "), e.getMessage());
        assertTrue(e.getMessage().contains("NVIDIA driver") || e.getMessage().contains("GPU"), e.getMessage());
        assertTrue(ms < 10_000, "took " + ms + " ms: it must fail before the rendezvous");
    }

    @Test
    @Timeout(30)
    void allreducePerfWithoutAGpuExits69() throws Exception {
        String why = noGpuReason();
        if (why == null) {
            Requirements.skip("this machine has a usable GPU, so the no-GPU path cannot be observed here");
        }
        Map<String, String> env = new java.util.HashMap<>(
                new DistEnv(0, 0, 2, 2, 0, "127.0.0.1", 1, 0, "nccl-cli").toEnv());
        env.put("NCCL_LIBRARY", NcclStub.build().toString());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = org.ddpkit.comm.perf.AllReducePerf.run(List.of("--backend", "nccl", "-e", "4K"), env,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(ExitCodes.UNAVAILABLE, code, err.toString());
        assertTrue(err.toString().startsWith("allreduce-perf: rank 0: backend nccl is unavailable: "), err.toString());
    }

    @Test
    @Timeout(120)
    void everyCollectiveOnTwoGpus() throws Exception {
        String why = noGpuReason();
        if (why != null) {
            Requirements.skip("no GPU here (" + why + ")");
        }
        int devices = CudaDevice.count();
        if (devices < 2) {
            Requirements.skip("NCCL needs one GPU per rank and this machine has " + devices);
        }
        try {
            NcclLibrary.load(System.getenv());
        } catch (BackendUnavailableException e) {
            Requirements.skip(e.getMessage());
        }
        CommTestRanks.assertCollectivesPass("nccl", new int[] {2}, Path.of("target", "ranks", "nccl-2"));
    }
}
