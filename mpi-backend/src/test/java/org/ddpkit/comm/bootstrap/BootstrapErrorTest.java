package org.ddpkit.comm.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ddpkit.comm.ExitCodes;
import org.ddpkit.comm.perf.AllReducePerf;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rank (a real {@code allreduce-perf} JVM with the env contract set by hand) whose bootstrap
 * cannot work ends at once with one line naming the variable and value and the documented exit
 * code, instead of waiting out the bootstrap timeout: MASTER_ADDR that does not resolve (any
 * rank), MASTER_PORT that something else listens on (rank 0, which must listen there). BUSY
 * stands for a port a socket of this test holds; in the other cases the port is free.
 */
class BootstrapErrorTest {
    @ParameterizedTest(name = "{0}")
    @Timeout(60)
    @CsvSource(delimiter = '|', value = {
            "unresolvable MASTER_ADDR, rank 1 | 1 | no-such-host.invalid | 78 | allreduce-perf: rank 1: MASTER_ADDR: cannot resolve \"no-such-host.invalid\" on this host",
            "unresolvable MASTER_ADDR, rank 0 | 0 | no-such-host.invalid | 78 | allreduce-perf: rank 0: MASTER_ADDR: cannot resolve \"no-such-host.invalid\" on this host",
            "busy MASTER_PORT, rank 0         | 0 | 127.0.0.1            | 78 | allreduce-perf: rank 0: MASTER_PORT BUSY is in use on this host, where rank 0 must listen"})
    void oneLineAndTheExitCodeWithoutWaiting(String what, int rank, String addr, int code, String message) throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(0));
            String port = Integer.toString(busy.getLocalPort());
            if (!message.contains("BUSY")) {
                busy.close(); // the port is free: only the address is wrong
            }
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(AllReducePerf.class.getName(), List.of("-b", "8", "-e", "8")));
            pb.environment().putAll(Map.of("RANK", Integer.toString(rank), "LOCAL_RANK", Integer.toString(rank), "WORLD_SIZE", "2",
                    "LOCAL_WORLD_SIZE", "2", "GROUP_RANK", "0", "MASTER_ADDR", addr, "MASTER_PORT", port));
            long t0 = System.nanoTime();
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), what + ": the rank did not exit within 40 s");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            List<String> lines = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
            assertEquals(code, p.exitValue(), lines.toString());
            assertEquals(ExitCodes.CONFIG, code);
            assertEquals(1, lines.size(), "one line: " + lines);
            String expected = message.replace("BUSY", port);
            assertTrue(lines.getFirst().startsWith(expected), "expected the line to start with \"" + expected + "\", got \"" + lines.getFirst() + "\"");
            assertTrue(millis < 20_000, what + " took " + millis + " ms: it must not wait for the bootstrap timeout (120 s)");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
