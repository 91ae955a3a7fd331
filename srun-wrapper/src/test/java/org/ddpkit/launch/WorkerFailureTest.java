package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One worker fails: the others are stopped, the report names the root cause, the wrapper exits with its status. */
@Timeout(60)
class WorkerFailureTest {
    static final Duration EXIT = Duration.ofSeconds(30);
    /**
     * Every worker runs $SETUP, writes its pid and waits for all; then rank $FAIL_RANK does $FAIL
     * (after $OUT/go exists, when $GO is set), the others $OTHERS.
     */
    static final String WORKER = """
            eval "${SETUP:-}"
            echo $$ > "$OUT/pid_$RANK"
            for i in $(seq 200); do [ "$(ls "$OUT" | grep -c '^pid_')" -ge "$WORLD_SIZE" ] && break; sleep 0.05; done
            if [ "$RANK" = "$FAIL_RANK" ]; then
              [ -z "${GO:-}" ] || for i in $(seq 200); do [ -f "$OUT/go" ] && break; sleep 0.05; done
              echo "first line of rank $RANK" >&2
              echo "rank $RANK gives up" >&2
              date +%s%3N > "$OUT/failed_at"
              eval "$FAIL"
            fi
            eval "${OTHERS:-exec sleep 60}"
            """;

    @TempDir
    Path dir;

    @Test
    void aWorkerExitingWith3MakesTheWrapperExit3WithinFiveSecondsAndStopsTheOthers() throws IOException {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "FAIL_RANK", "2", "FAIL", "exit 3", "GO", "1"),
                "--nproc-per-node", "4", "--", worker.toString());
        Await.until("4 workers started", Duration.ofSeconds(20), () -> countPids(), n -> n == 4);
        List<ProcessHandle> workers = List.of(0, 1, 2, 3).stream().map(r -> Processes.handle(dir.resolve("pid_" + r))).toList();
        Files.writeString(dir.resolve("go"), "");
        assertEquals(3, w.awaitExit(EXIT), w::describe);
        long failedAt = Long.parseLong(Files.readString(dir.resolve("failed_at")).trim());
        assertTrue(w.exitedAtMillis() - failedAt < 5000, "wrapper exited " + (w.exitedAtMillis() - failedAt) + " ms after the failure");
        for (ProcessHandle h : workers) {
            assertTrue(Processes.gone(h), "worker " + h.pid() + " outlived the wrapper");
        }
        String err = w.stderr();
        String root = err.substring(err.indexOf("Root cause (first observed failure):"));
        assertTrue(root.contains("rank     : 2 (local rank 2)"), err);
        assertTrue(root.contains("pid      : " + workers.get(2).pid()), err);
        assertTrue(root.contains("exit     : exit code 3"), err);
        assertTrue(root.contains("| first line of rank 2\n      | rank 2 gives up"), err);
        assertTrue(err.contains("Failures:\n  <no other failures>"), err);
        assertTrue(err.contains("Stopped by the wrapper: rank "), err);
        assertTrue(err.contains("signal SIGTERM (exit code 143)"), err);
    }

    @Test
    void aWorkerKilledBySigkillIsReportedAsSigkillWithExit137() {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        WrapperRun w = WrapperRun.start(dir, Map.of("OUT", dir.toString(), "FAIL_RANK", "1", "FAIL", "kill -KILL $$"),
                "--nproc-per-node", "2", "--", worker.toString());
        assertEquals(137, w.awaitExit(EXIT), w::describe);
        String root = w.stderr().substring(w.stderr().indexOf("Root cause"));
        assertTrue(root.contains("rank     : 1 (local rank 1)"), w::describe);
        assertTrue(root.contains("exit     : signal SIGKILL (exit code 137)"), w::describe);
    }

    /** 2 workers: rank 0 exits 4, rank 1 notes each SIGTERM in $OUT/term_1 and goes on. */
    private WrapperRun failingWithOneIgnoringSigterm(String killGrace) {
        Path worker = WrapperRun.script(dir, "worker.sh", WORKER);
        return WrapperRun.start(dir, Map.of("OUT", dir.toString(), "FAIL_RANK", "0", "FAIL", "exit 4",
                        "SETUP", "trap 'echo ignored >> \"$OUT/term_$RANK\"' TERM", "OTHERS", "while true; do sleep 0.1; done"),
                "--nproc-per-node", "2", "--kill-grace", killGrace, "--", worker.toString());
    }

    @Test
    void aWorkerIgnoringSigtermIsKilledAfterTheKillGrace() throws IOException {
        WrapperRun w = failingWithOneIgnoringSigterm("1");
        assertEquals(4, w.awaitExit(EXIT), w::describe);
        assertTrue(Files.readString(dir.resolve("term_1")).contains("ignored"), "rank 1 got SIGTERM first");
        assertTrue(w.stderr().contains("SIGKILL to 1 worker(s) still running 1.0 s after SIGTERM"), w::describe);
        assertTrue(w.stderr().contains("rank 1 (signal SIGKILL (exit code 137))"), w::describe);
    }

    @Test
    void aSigtermAfterAFailureKeepsTheFailureAsTheVerdict() throws IOException {
        // Under srun: another node's wrapper exits first and srun ends the step with SIGTERM while
        // this one stops its group after its own failure: the report must still come out.
        WrapperRun w = failingWithOneIgnoringSigterm("2");
        Await.until("rank 1 ignoring the wrapper's SIGTERM", Duration.ofSeconds(20), () -> Files.exists(dir.resolve("term_1")), b -> b);
        w.signal("TERM");
        assertEquals(4, w.awaitExit(EXIT), w::describe);
        String err = w.stderr();
        String root = err.substring(err.indexOf("Root cause (first observed failure):"));
        assertTrue(root.contains("rank     : 0 (local rank 0)") && root.contains("exit     : exit code 4"), err);
        assertTrue(!err.contains("stopped by SIGTERM"), err);
    }

    @Test
    void aWorkerThatCannotStartIsReportedWithTheShellsStatus127() throws IOException {
        Path badInterpreter = WrapperRun.script(dir, "bad.sh", "");
        Files.writeString(badInterpreter, "#!/no/such/interpreter\n");
        WrapperRun w = WrapperRun.start(dir, Map.of(), "--", badInterpreter.toString());
        assertEquals(127, w.awaitExit(EXIT), w::describe);
        assertTrue(w.stderr().contains("Root cause (first observed failure):"), w::describe);
        assertTrue(w.stderr().contains("No such file or directory"), w::describe);
    }

    private long countPids() {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("pid_")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
