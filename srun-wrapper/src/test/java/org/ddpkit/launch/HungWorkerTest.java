package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker frozen by SIGSTOP (a hung rank) ignores SIGTERM until it runs again: the wrapper
 * sends SIGCONT after SIGTERM, so the group ends at once, not only after the kill grace, and the
 * report names the frozen worker.
 */
@Timeout(60)
class HungWorkerTest {
    /** The kill grace: far longer than the test allows for the group to end, so SIGKILL cannot be what ends it. */
    static final String GRACE = "30";
    /**
     * Rank 1 freezes itself; rank 0 waits until it is frozen and $OUT/go exists, then (with
     * $PEER_FAILS) fails with that status as a collective timeout would, naming rank 1 (mpi-backend
     * exits 75 then: even so the wrapper does not wait the grace for a frozen worker to stop on its
     * own); without it, waits to be stopped.
     */
    static final String WORKER = """
            echo $$ > "$OUT/pid_$RANK"
            for i in $(seq 200); do [ -f "$OUT/pid_0" ] && [ -f "$OUT/pid_1" ] && break; sleep 0.05; done
            if [ "$RANK" = 1 ]; then kill -STOP $$; exec sleep 60; fi
            p=$(cat "$OUT/pid_1")
            for i in $(seq 200); do [ "$(cut -d' ' -f3 /proc/$p/stat)" = T ] && break; sleep 0.05; done
            echo frozen > "$OUT/frozen"
            for i in $(seq 200); do [ -f "$OUT/go" ] && break; sleep 0.05; done
            if [ -n "${PEER_FAILS:-}" ]; then
              echo "rank 0: collective timed out after 2 s: rank 1 did not arrive" >&2; exit "$PEER_FAILS"
            fi
            exec sleep 60
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a peer's collective timeout fails it with 3      | 3  | 3",
            "a peer's collective timeout fails it with 75     | 75 | 75",
            "the wrapper gets SIGTERM                         |    | 143"})
    void aFrozenWorkerEndsWithTheGroupAndIsNamed(String trigger, String peerFails, int status) throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        Map<String, String> env = peerFails == null ? Map.of("OUT", dir.toString()) : Map.of("OUT", dir.toString(), "PEER_FAILS", peerFails);
        WrapperRun w = WrapperRun.start(dir, env, "--nproc-per-node", "2", "--kill-grace", GRACE, "--", worker.toString());
        Await.until("rank 1 frozen", Duration.ofSeconds(20), () -> dir.resolve("frozen").toFile().exists(), b -> b);
        ProcessHandle frozen = Processes.handle(dir.resolve("pid_1"));
        long t0 = System.currentTimeMillis();
        if (peerFails == null) {
            w.signal("TERM");
        } else {
            Files.writeString(dir.resolve("go"), "");
        }
        assertEquals(status, w.awaitExit(Duration.ofSeconds(40)), w::describe);
        long took = w.exitedAtMillis() - t0;
        assertTrue(took < 10_000, "the group ended " + took + " ms after the trigger; SIGKILL after the 30 s grace was not needed");
        assertTrue(Processes.gone(frozen), "the frozen worker " + frozen.pid() + " outlived the wrapper");
        assertTrue(!w.stderr().contains("SIGKILL to"), w::describe);
        if (peerFails != null) {
            String err = w.stderr();
            String root = err.substring(err.indexOf("Root cause (first observed failure):"));
            assertTrue(root.contains("rank     : 0 (local rank 0)"), err);
            assertTrue(root.contains("| rank 0: collective timed out after 2 s: rank 1 did not arrive"), err);
            assertTrue(err.contains("Stopped by the wrapper: rank 1 (signal SIGTERM (exit code 143))"), err);
            assertTrue(err.contains("Frozen (process state T: SIGSTOP or a debugger) when the group was stopped: rank 1 (local rank 1, pid "
                    + frozen.pid() + ")"), err);
        }
    }
}
