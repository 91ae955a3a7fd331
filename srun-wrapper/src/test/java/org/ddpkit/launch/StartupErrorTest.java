package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bootstrap problems the wrapper can see before it starts anything: one line naming the flag or
 * variable and the value, the documented exit code, at once (never a wait for a timeout), and no
 * worker started. BUSY stands for a port a socket of this test listens on.
 */
@Timeout(60)
class StartupErrorTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "busy --master-port      | --standalone --master-port BUSY                            |      | 78 | MASTER_PORT BUSY (--master-port) is already in use on ",
            "busy env MASTER_PORT    | --nproc-per-node 2                                         | BUSY | 78 | MASTER_PORT BUSY (env MASTER_PORT) is already in use on ",
            "unresolvable master     | --standalone --master-addr no-such-host.invalid            |      | 78 | MASTER_ADDR \"no-such-host.invalid\" (--master-addr) does not resolve on ",
            "unresolvable rdzv host  | --nnodes 2 --rdzv-id r --rdzv-endpoint no-such-host.invalid:29400 | | 78 | --rdzv-endpoint: host \"no-such-host.invalid\" does not resolve on this machine"})
    void oneLineAndTheExitCodeAtOnce(String what, String args, String envPort, int code, String message) throws IOException {
        try (ServerSocket busy = new ServerSocket(0)) {
            String port = Integer.toString(busy.getLocalPort());
            Path worker = WrapperRun.script(dir, "worker.sh", "touch \"$OUT/started_$RANK\"\n");
            List<String> argv = new ArrayList<>(List.of(args.replace("BUSY", port).split(" +")));
            argv.addAll(List.of("--", worker.toString()));
            Map<String, String> env = envPort == null ? Map.of("OUT", dir.toString())
                    : Map.of("OUT", dir.toString(), "MASTER_PORT", port);
            long t0 = System.currentTimeMillis();
            WrapperRun w = WrapperRun.start(dir, env, argv);
            assertEquals(code, w.awaitExit(Duration.ofSeconds(30)), w::describe);
            long took = System.currentTimeMillis() - t0;
            assertTrue(took < 10_000, what + " took " + took + " ms: it must not wait for a timeout");
            List<String> lines = w.stderrLines();
            assertEquals(1, lines.size(), w::describe);
            assertTrue(lines.getFirst().startsWith("srun-wrapper: " + message.replace("BUSY", port)), w::describe);
            try (var files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("started_")), "no worker may start");
            }
        }
    }
}
