package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --max-restarts: the whole local group starts again, DDPKIT_RESTART_COUNT counts up, each restart is logged. */
@Timeout(60)
class RestartTest {
    static final Duration EXIT = Duration.ofSeconds(40);
    /**
     * Every start is appended to $OUT/starts_RANK; rank 1 fails while DDPKIT_RESTART_COUNT is
     * below $SUCCEED_AT, once rank 0 has recorded its start of the same attempt.
     */
    static final String WORKER = """
            echo "$DDPKIT_RESTART_COUNT" >> "$OUT/starts_$RANK"
            if [ "$RANK" = 1 ] && [ "$DDPKIT_RESTART_COUNT" -lt "$SUCCEED_AT" ]; then
              for i in $(seq 200); do grep -qx "$DDPKIT_RESTART_COUNT" "$OUT/starts_0" 2>/dev/null && break; sleep 0.05; done
              echo "attempt $DDPKIT_RESTART_COUNT fails" >&2; exit 5
            fi
            [ "$RANK" = 1 ] || while [ ! -f "$OUT/never" ]; do sleep 0.05; done
            """;

    @TempDir
    Path dir;

    @Test
    void theGroupRestartsUntilItSucceeds() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER.replace("while [ ! -f \"$OUT/never\" ]; do sleep 0.05; done", "true"));
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "SUCCEED_AT", "2"),
                "--nproc-per-node", "2", "--max-restarts", "3", "--", worker.toString());
        assertEquals(0, w.awaitExit(EXIT), w::describe);
        assertEquals("0\n1\n2\n", Files.readString(dir.resolve("starts_0")), "the whole group restarts, rank 0 too");
        assertEquals("0\n1\n2\n", Files.readString(dir.resolve("starts_1")));
        String err = w.stderr();
        assertTrue(err.contains("restarting the worker group (restart 1 of 3): rank 1 (local rank 1, pid "), err);
        assertTrue(err.contains(") ended with exit code 5"), err);
        assertTrue(err.contains("restarting the worker group (restart 2 of 3)"), err);
    }

    @Test
    void afterTheLastRestartTheReportIsPrinted() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "SUCCEED_AT", "99"),
                "--nproc-per-node", "2", "--max-restarts", "1", "--", worker.toString());
        assertEquals(5, w.awaitExit(EXIT), w::describe);
        assertEquals("0\n1\n", Files.readString(dir.resolve("starts_1")));
        assertTrue(w.stderr().contains("FAILED (restarts: 1 of 1)"), w::describe);
        assertTrue(w.stderr().contains("| attempt 1 fails"), w::describe);
    }
}
