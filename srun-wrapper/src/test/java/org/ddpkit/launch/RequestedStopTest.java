package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exit 75 after a preemption notice (USR2 sent to the wrapper and forwarded) is the requested
 * stop: never restarted by --max-restarts, and the wrapper's status, so a batch script sees 75
 * from srun and requeues. The other workers get the kill grace to exit on their own. Without a
 * notice, 75 is mpi-backend's status for a lost peer or a collective timeout: restarted.
 */
@Timeout(60)
class RequestedStopTest {
    /**
     * Each start is appended to $OUT/starts_RANK; on USR2 rank 0 exits 75 and rank 1 runs $RANK1
     * (without USR2 within 20 s: exit 9). With $NO_NOTICE rank 0 exits 75 in the first attempt
     * without one, and every worker of a later attempt exits 0.
     */
    static final String WORKER = """
            echo "$DDPKIT_RESTART_COUNT" >> "$OUT/starts_$RANK"
            if [ -n "${NO_NOTICE:-}" ]; then
              [ "$DDPKIT_RESTART_COUNT" -gt 0 ] && exit 0
              for i in $(seq 200); do [ -f "$OUT/starts_1" ] && break; sleep 0.05; done
              [ "$RANK" = 0 ] && { echo "rank 1 failed: it closed its connection" >&2; exit 75; }
              exec sleep 60
            fi
            notice=
            trap 'notice=1' USR2
            for i in $(seq 400); do [ -n "$notice" ] && break; sleep 0.05; done
            [ -n "$notice" ] || exit 9
            if [ "$RANK" = 0 ]; then exit 75; fi
            eval "$RANK1"
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "rank 1 after the notice: {0}")
    @CsvSource(delimiter = '|', value = {
            // rank 1's script                       | kill grace | rank 1 was stopped by the wrapper
            "exit 75                                 | 5          | ",
            "sleep 1; echo done > $OUT/done; exit 75 | 5          | ",
            "exec sleep 60                           | 1          | rank 1 (signal SIGTERM (exit code 143))"})
    void exit75AfterANoticeIsNotRestartedAndIsTheWrappersStatus(String rank1, String grace, String stoppedByWrapper)
            throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "RANK1", rank1),
                "--nproc-per-node", "2", "--max-restarts", "3", "--kill-grace", grace, "--", worker.toString());
        Await.until("both workers started", Duration.ofSeconds(20),
                () -> Files.exists(dir.resolve("starts_0")) && Files.exists(dir.resolve("starts_1")), b -> b);
        w.signal("USR2");
        assertEquals(75, w.awaitExit(Duration.ofSeconds(40)), w::describe);
        assertEquals("0\n", Files.readString(dir.resolve("starts_0")), "no restart after exit 75");
        assertEquals("0\n", Files.readString(dir.resolve("starts_1")), "no restart after exit 75");
        String err = w.stderr();
        assertTrue(err.contains("forwarded SIGUSR2 to 2 worker(s)"), err);
        assertFalse(err.contains("restarting the worker group"), err);
        if (stoppedByWrapper == null) { // a clean requested stop: one line, no report
            // (when both exit 75 at once, either may be reaped first)
            assertTrue(err.matches("(?s).*srun-wrapper: rank ([01]) \\(local rank \\1, pid \\d+\\) exited with 75 \\(stopped early,"
                    + " to be run again\\): not restarted; exit 75.*"), err);
            assertFalse(err.contains("SIGTERM to") || err.contains("FAILED"), "rank 1 exited on its own within the grace:\n" + err);
            if (rank1.contains("done")) {
                assertTrue(Files.exists(dir.resolve("done")), "rank 1 finished its work before exiting 75");
            }
        } else { // a peer did not stop by itself: not restarted either, but reported
            assertTrue(err.contains("SIGTERM to 1 worker(s) still running 1.0 s after a worker's exit 75"), err);
            assertTrue(err.contains("FAILED (restarts: 0 of 3, not restarted after a forwarded preemption signal)"), err);
            assertTrue(err.contains("Stopped by the wrapper: " + stoppedByWrapper), err);
        }
    }

    @Test
    void exit75WithoutANoticeIsALostPeerAndRestarts() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "NO_NOTICE", "1"),
                "--nproc-per-node", "2", "--max-restarts", "1", "--", worker.toString());
        assertEquals(0, w.awaitExit(Duration.ofSeconds(40)), w::describe);
        assertEquals("0\n1\n", Files.readString(dir.resolve("starts_0")), "the group restarted once");
        assertEquals("0\n1\n", Files.readString(dir.resolve("starts_1")), "the group restarted once");
        assertTrue(w.stderr().contains("restarting the worker group (restart 1 of 1): rank 0 (local rank 0, pid "), w::describe);
        assertTrue(w.stderr().contains(") ended with exit code 75"), w::describe);
    }
}
