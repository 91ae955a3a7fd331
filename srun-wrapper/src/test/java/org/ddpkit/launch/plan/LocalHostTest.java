package org.ddpkit.launch.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.ddpkit.launch.slurm.MasterPort;
import org.junit.jupiter.api.Test;

class LocalHostTest {
    @Test
    void aListeningPortIsSeenAsInUse() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(0));
            assertTrue(LocalHost.portsInUse().contains(s.getLocalPort()), "port " + s.getLocalPort());
        }
    }

    @Test
    void theFreePairSkipsAPortInUse() throws IOException {
        LocalHost host = new LocalHost();
        int first = host.freePortPair(123);
        assertTrue(first >= MasterPort.DERIVED_LOW && first <= MasterPort.DERIVED_HIGH && first % 2 == 0, "port " + first);
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(first + 1));
            int next = host.freePortPair(123);
            assertNotEquals(first, next, "port+1 is taken, so the pair is not free");
            assertFalse(LocalHost.portsInUse().contains(next));
        }
    }

    @Test
    void aListenerIsSeenAndAFreshlyChosenPortIsTrusted() throws IOException {
        LocalHost host = new LocalHost();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(0));
            assertTrue(host.listening(s.getLocalPort()), "port " + s.getLocalPort());
        }
        int chosen = host.freePortPair(99);
        assertFalse(host.listening(chosen), "the port freePortPair just found unused");
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(chosen + 1));
            assertTrue(host.listening(chosen + 1), "any other port is read from /proc again");
        }
    }

    @Test
    void factsAboutThisMachine() {
        LocalHost host = new LocalHost();
        assertNotNull(host.hostname());
        assertFalse(host.hostname().isBlank());
        assertTrue(host.cpuCount() >= 1);
        assertTrue(host.resolves("localhost"));
        assertFalse(host.resolves("no-such-host.invalid"));
        assertNotNull(host.gpuDevices());
    }
}
