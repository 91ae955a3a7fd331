package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rendezvous mode with real wrappers on this machine, as torchrun --nnodes 2 --rdzv-endpoint would run. */
@Timeout(60)
class RendezvousRunTest {
    static final Duration EXIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void twoWrappersWithTwoWorkersEachFormOneWorldOfFour() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", StandaloneRunTest.WRITE_RANK);
        String endpoint = "127.0.0.1:" + freePort();
        List<String> args = List.of("--nnodes", "2", "--nproc_per_node", "2", "--rdzv-id", "100", "--rdzv-backend", "c10d",
                "--rdzv-endpoint", endpoint, "--rdzv-timeout", "30", "--", worker.toString());
        WrapperRun a = WrapperRun.start(dir, Map.of("OUT", dir.toString()), args);
        WrapperRun b = WrapperRun.start(dir, Map.of("OUT", dir.toString()), args);
        assertEquals(0, a.awaitExit(EXIT), a::describe);
        assertEquals(0, b.awaitExit(EXIT), b::describe);
        Set<String> masters = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (int rank = 0; rank < 4; rank++) {
            String[] v = Files.readString(dir.resolve("rank_" + rank)).trim().split(" ");
            assertEquals(Integer.toString(rank), v[0]);
            assertEquals(Integer.toString(rank % 2), v[1], "LOCAL_RANK");
            assertEquals("4", v[2], "WORLD_SIZE");
            assertEquals("2", v[3], "LOCAL_WORLD_SIZE");
            assertEquals(Integer.toString(rank / 2), v[4], "GROUP_RANK = node base order");
            groups.add(v[4]);
            masters.add(v[5] + ":" + v[6]);
            assertEquals("100", v[8], "DDPKIT_RUN_ID is --rdzv-id");
        }
        assertEquals(Set.of("0", "1"), groups);
        assertEquals(1, masters.size(), "every worker agrees on the master: " + masters);
        assertTrue(masters.iterator().next().startsWith("127.0.0.1:"), masters.toString());
    }

    @Test
    void anIncompleteRendezvousTimesOutWithExit75NamingWhoArrived() {
        String endpoint = "127.0.0.1:" + freePort();
        WrapperRun a = WrapperRun.start(dir, Map.of(), "--nnodes", "2", "--node-rank", "0", "--rdzv-id", "lonely",
                "--rdzv-endpoint", endpoint, "--rdzv-timeout", "1.5", "--", "true");
        assertEquals(75, a.awaitExit(EXIT), a::describe);
        List<String> lines = a.stderrLines();
        assertEquals(1, lines.size(), a::describe);
        String msg = lines.getFirst();
        assertTrue(msg.startsWith("srun-wrapper: rendezvous \"lonely\" at " + endpoint + " (round 0) timed out after 1.5 s with 1 of 2 nodes."),
                msg);
        assertTrue(msg.contains("Arrived: ") && msg.contains("(pid " + a.pid() + ", node rank 0)"), msg);
        assertTrue(msg.contains("Missing: 1 node (node rank 1)"), msg);
    }

    @Test
    void sigtermWhileWaitingAtTheRendezvousEndsTheWrapperAtOnce() {
        int port = freePort();
        WrapperRun a = WrapperRun.start(dir, Map.of(), "--nnodes", "2", "--rdzv-endpoint", "127.0.0.1:" + port,
                "--rdzv-timeout", "120", "--", "true");
        Await.until("the rendezvous server on port " + port, Duration.ofSeconds(20), () -> listening(port), up -> up);
        a.signal("TERM");
        assertEquals(143, a.awaitExit(Duration.ofSeconds(10)), a::describe);
        assertTrue(a.stderr().contains("stopped by SIGTERM while no worker was running"), a::describe);
    }

    @Test
    void dryRunInRendezvousModeJoinsNothing() {
        WrapperRun a = WrapperRun.start(dir, Map.of(), "--nnodes", "2", "--nproc-per-node", "2", "--node-rank", "1",
                "--rdzv-endpoint", "127.0.0.1:" + freePort(), "--dry-run", "--", "true");
        assertEquals(0, a.awaitExit(EXIT), a::describe);
        assertTrue(a.stdout().contains("mode          : rendezvous"), a::describe);
        assertTrue(a.stdout().contains("worker rank 3 (local rank 1):"), a::describe);
        assertTrue(a.stdout().contains("provisional"), a::describe);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
