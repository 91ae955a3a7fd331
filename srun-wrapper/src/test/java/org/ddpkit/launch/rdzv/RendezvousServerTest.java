package org.ddpkit.launch.rdzv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.Endpoint;
import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rendezvous protocol with a real server and real sockets, nodes as threads of this JVM. */
@Timeout(30)
class RendezvousServerTest {
    Endpoint endpoint;
    RendezvousServer server;
    ExecutorService nodes = Executors.newCachedThreadPool();

    @BeforeEach
    void serve() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = new Endpoint("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        nodes.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    void start(int nnodes, Duration timeout) {
        server = RendezvousServer.tryStart(endpoint, "job7", nnodes, timeout).orElseThrow();
    }

    Future<JoinReply.Assigned> join(int round, int nodeRank, int nproc, String host, int port, Duration timeout) {
        return nodes.submit(() -> RendezvousClient.join(endpoint,
                new JoinRequest("job7", round, 2, nodeRank, nproc, host, "-", port, 100 + nproc), timeout));
    }

    @Test
    void twoNodesAgreeOnRanksSizesAndMaster() throws Exception {
        start(2, Duration.ofSeconds(10));
        Future<JoinReply.Assigned> a = join(0, -1, 2, "hostA", 12000, Duration.ofSeconds(10));
        Future<JoinReply.Assigned> b = join(0, -1, 3, "hostB", 13000, Duration.ofSeconds(10));
        JoinReply.Assigned ra = a.get();
        JoinReply.Assigned rb = b.get();
        assertEquals(Set.of(0, 1), Set.of(ra.nodeRank(), rb.nodeRank()));
        assertEquals(ra.sizes(), rb.sizes());
        assertEquals(ra.nodes(), rb.nodes());
        assertEquals(ra.masterPort(), rb.masterPort());
        JoinReply.Assigned zero = ra.nodeRank() == 0 ? ra : rb;
        assertEquals(zero == ra ? 12000 : 13000, zero.masterPort(), "node 0's port");
        assertEquals("127.0.0.1", zero.masterAddr(), "node 0 connected over loopback: the endpoint host");
        assertEquals(5, ra.sizes().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void claimedNodeRanksAreKept() throws Exception {
        start(2, Duration.ofSeconds(10));
        Future<JoinReply.Assigned> one = join(0, 1, 2, "hostB", 13000, Duration.ofSeconds(10));
        Future<JoinReply.Assigned> zero = join(0, 0, 2, "hostA", 12000, Duration.ofSeconds(10));
        assertEquals(1, one.get().nodeRank());
        assertEquals(0, zero.get().nodeRank());
        assertEquals(List.of("hostA", "hostB"), one.get().nodes());
        assertEquals(12000, one.get().masterPort());
    }

    @Test
    void aTakenNodeRankIsRefused() throws Exception {
        start(2, Duration.ofSeconds(10));
        Future<JoinReply.Assigned> first = join(0, 0, 2, "hostA", 12000, Duration.ofSeconds(10));
        waitForMembers(1);
        ExecutionException e = assertThrows(ExecutionException.class, () -> join(0, 0, 2, "hostB", 13000, Duration.ofSeconds(10)).get());
        LaunchException le = (LaunchException) e.getCause();
        assertEquals(ExitCode.CONFIG, le.exitCode());
        assertTrue(le.getMessage().contains("node rank 0 is taken by hostA (pid 102, node rank 0)"), le.getMessage());
        assertEquals(1, join(0, 1, 2, "hostC", 1, Duration.ofSeconds(10)).get().nodeRank());
        assertEquals(0, first.get().nodeRank());
    }

    @Test
    void aDifferentRunIdOrNodeCountIsRefused() {
        start(2, Duration.ofSeconds(10));
        LaunchException id = assertThrows(LaunchException.class, () -> RendezvousClient.join(endpoint,
                new JoinRequest("other", 0, 2, -1, 1, "h", "-", 1, 1), Duration.ofSeconds(5)));
        assertEquals(ExitCode.CONFIG, id.exitCode());
        assertTrue(id.getMessage().contains("serves --rdzv-id \"job7\" but h (pid 1, no --node-rank) gave \"other\""), id.getMessage());
        LaunchException n = assertThrows(LaunchException.class, () -> RendezvousClient.join(endpoint,
                new JoinRequest("job7", 0, 3, -1, 1, "h", "-", 1, 1), Duration.ofSeconds(5)));
        assertTrue(n.getMessage().contains("expects --nnodes 2 but h (pid 1, no --node-rank) gave 3"), n.getMessage());
    }

    @Test
    void aRoundThatDoesNotFillTimesOutNamingWhoArrivedAndWhoDidNot() {
        start(2, Duration.ofMillis(700));
        ExecutionException e = assertThrows(ExecutionException.class, () -> join(0, 0, 2, "hostA", 12000, Duration.ofSeconds(10)).get());
        LaunchException le = (LaunchException) e.getCause();
        assertEquals(ExitCode.TEMPFAIL, le.exitCode());
        assertTrue(le.getMessage().startsWith("rendezvous \"job7\" at " + endpoint + " (round 0) timed out after 0.7 s with 1 of 2 nodes."),
                le.getMessage());
        assertTrue(le.getMessage().contains("Arrived: hostA (pid 102, node rank 0). Missing: 1 node (node rank 1)."), le.getMessage());
    }

    @Test
    void roundsAreSeparate() throws Exception {
        start(2, Duration.ofSeconds(10));
        List<Future<JoinReply.Assigned>> joins = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            joins.add(join(round, -1, 1, "a", 1, Duration.ofSeconds(10)));
            joins.add(join(round, -1, 1, "b", 2, Duration.ofSeconds(10)));
        }
        Set<String> seen = new HashSet<>();
        for (Future<JoinReply.Assigned> f : joins) {
            seen.add(joins.indexOf(f) / 2 + ":" + f.get().nodeRank());
        }
        assertEquals(Set.of("0:0", "0:1", "1:0", "1:1"), seen);
    }

    @Test
    void noServerMeansTimeoutNamingTheEndpoint() {
        server = null;
        LaunchException e = assertThrows(LaunchException.class, () -> RendezvousClient.join(endpoint,
                new JoinRequest("job7", 0, 2, -1, 1, "h", "-", 1, 1), Duration.ofMillis(500)));
        assertEquals(ExitCode.TEMPFAIL, e.exitCode());
        assertTrue(e.getMessage().startsWith("no rendezvous server answered at " + endpoint + " within 0.5 s"), e.getMessage());
    }

    @Test
    void somethingElseOnThePortIsNotARendezvous() throws Exception {
        try (ServerSocket other = new ServerSocket(0)) {
            Endpoint ep = new Endpoint("127.0.0.1", other.getLocalPort());
            nodes.submit(() -> {
                try (var s = other.accept()) {
                    s.getOutputStream().write("HTTP/1.0 400 Bad Request\n".getBytes());
                }
                return null;
            });
            LaunchException e = assertThrows(LaunchException.class, () -> RendezvousClient.join(ep,
                    new JoinRequest("job7", 0, 2, -1, 1, "h", "-", 1, 1), Duration.ofSeconds(5)));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
            assertTrue(e.getMessage().contains("is not a ddpkit rendezvous (it answered \"HTTP/1.0 400 Bad Request\")"), e.getMessage());
        }
    }

    @Test
    void aSecondServerOnTheSamePortDefersToTheFirst() {
        start(2, Duration.ofSeconds(10));
        assertTrue(RendezvousServer.tryStart(endpoint, "job7", 2, Duration.ofSeconds(1)).isEmpty());
        assertTrue(RendezvousServer.tryStart(new Endpoint("192.0.2.1", endpoint.port()), "job7", 2, Duration.ofSeconds(1)).isEmpty(),
                "an endpoint on another machine is not served here");
    }

    @Test
    void requestsAndRepliesRoundTrip() {
        JoinRequest r = new JoinRequest("id", 3, 4, -1, 8, "host", "10.0.0.1", 12000, 77);
        assertEquals(r, JoinRequest.parse(r.encode()));
        JoinReply.Assigned a = new JoinReply.Assigned(1, List.of(2, 3), List.of("a", "b"), "10.0.0.1", 12000);
        assertEquals(a, JoinReply.parse(a.encode()));
        assertEquals(new JoinReply.Refused(ExitCode.TEMPFAIL, "late"), JoinReply.parse("ERROR code=75 late"));
    }

    private void waitForMembers(int n) {
        Await.until(n + " node(s) in round 0", Duration.ofSeconds(10), () -> server.arrived(0), k -> k == n);
    }
}
