package org.ddpkit.comm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap at MASTER_ADDR:MASTER_PORT, with ranks as threads of this JVM (the cpu backend
 * allows several groups per process): strays are rejected with exit 78 naming what differs, a
 * world that never completes times out with exit 75 naming the missing ranks.
 */
class RendezvousTest {
    /** For worlds that must time out: short, but long enough for every thread to have joined under load. */
    private static final GroupOptions FAST = GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(3));
    private static final GroupOptions PATIENT = GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60));

    private static DistEnv env(int rank, int world, int port) {
        return new DistEnv(rank, rank, world, world, 0, "127.0.0.1", port, 0, "rdzv-test");
    }

    /** Starts each env as a thread calling init; returns each one's group or exception. */
    private static List<Object> join(List<DistEnv> envs, GroupOptions opts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(envs.size());
        try {
            List<Future<ProcessGroup>> fs = new ArrayList<>();
            for (DistEnv e : envs) {
                fs.add(pool.submit(() -> ProcessGroups.init(e, "cpu", opts)));
            }
            List<Object> out = new ArrayList<>();
            for (Future<ProcessGroup> f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException x) {
                    out.add(x.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void closeGroups(List<Object> results) {
        results.stream().filter(o -> o instanceof ProcessGroup).forEach(o -> ((ProcessGroup) o).close());
    }

    @Test
    @Timeout(30)
    void twoRanksInOneJvmReduce() throws Exception {
        int port = RankLauncher.freePort();
        List<Object> r = join(List.of(env(0, 2, port), env(1, 2, port)), PATIENT);
        try {
            ProcessGroup a = (ProcessGroup) r.get(0);
            ProcessGroup b = (ProcessGroup) r.get(1);
            float[] x = {1, 2, 3};
            float[] y = {10, 20, 30};
            Work wa = a.allReduceAsync(x, ReduceOp.MAX);
            Work wb = b.allReduceAsync(y, ReduceOp.MAX);
            wa.await();
            wb.await();
            assertArrayEquals(new float[] {10, 20, 30}, x);
            assertArrayEquals(y, x);
        } finally {
            closeGroups(r);
        }
    }

    @Test
    @Timeout(30)
    void missingRanksAreNamedWhenTheRendezvousTimesOut() throws Exception {
        int port = RankLauncher.freePort();
        List<Object> r = join(List.of(env(0, 4, port), env(2, 4, port)), FAST);
        closeGroups(r);
        for (Object o : r) {
            CommException e = assertInstanceOf(CommException.class, o);
            assertEquals(ExitCodes.TEMPORARY, e.exitCode());
            assertTrue(e.getMessage().contains("ranks [1, 3] of WORLD_SIZE=4 never joined"), e.getMessage());
        }
    }

    @Test
    @Timeout(30)
    void withoutRankZeroNobodyAnswers() throws Exception {
        int port = RankLauncher.freePort();
        List<Object> r = join(List.of(env(1, 2, port)), FAST.withBootstrapTimeout(Duration.ofSeconds(1)));
        CommException e = assertInstanceOf(CommException.class, r.getFirst());
        assertEquals(ExitCodes.TEMPORARY, e.exitCode());
        assertTrue(e.getMessage().contains("nobody answered at MASTER_ADDR:MASTER_PORT = 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    @Timeout(30)
    void strayRanksAreRejected() throws Exception {
        int port = RankLauncher.freePort();
        DistEnv zero = env(0, 2, port);
        List<DistEnv> envs = List.of(zero,
                new DistEnv(1, 1, 3, 3, 0, "127.0.0.1", port, 0, "rdzv-test"),          // other WORLD_SIZE
                new DistEnv(1, 1, 2, 2, 0, "127.0.0.1", port, 1, "rdzv-test"),          // other restart
                new DistEnv(1, 1, 2, 2, 0, "127.0.0.1", port, 0, "another-job"));       // other run
        List<Object> r = join(envs, FAST);
        closeGroups(r);
        String[] expected = {"has WORLD_SIZE=3 but rank 0 has 2", "has DDPKIT_RESTART_COUNT=1 but rank 0 has 0",
                "belongs to run \"another-job\""};
        for (int i = 1; i < 4; i++) {
            CommException e = assertInstanceOf(CommException.class, r.get(i));
            assertEquals(ExitCodes.CONFIG, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains(expected[i - 1]), e.getMessage());
        }
        assertEquals(ExitCodes.TEMPORARY, assertInstanceOf(CommException.class, r.get(0)).exitCode());
    }

    @Test
    @Timeout(30)
    void aRankThatJoinsTwiceIsRejected() throws Exception {
        int port = RankLauncher.freePort();
        List<Object> r = join(List.of(env(0, 3, port), env(1, 3, port), env(1, 3, port)), FAST);
        closeGroups(r);
        long dup = r.stream().filter(o -> o instanceof CommException e && e.exitCode() == ExitCodes.CONFIG
                && e.getMessage().contains("RANK 1 joined twice")).count();
        assertEquals(1, dup, r.toString());
    }

    @Test
    @Timeout(30)
    void busyMasterPortIsAConfigurationError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            CommException e = assertThrows(CommException.class,
                    () -> ProcessGroups.init(env(0, 2, taken.getLocalPort()), "cpu", FAST));
            assertEquals(ExitCodes.CONFIG, e.exitCode());
            assertTrue(e.getMessage().contains("MASTER_PORT " + taken.getLocalPort() + " is in use"), e.getMessage());
        }
    }
}
