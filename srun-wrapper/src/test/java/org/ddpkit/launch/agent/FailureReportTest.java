package org.ddpkit.launch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureReportTest {
    static WorkerExit exit(int rank, int code, String... stderr) {
        return new WorkerExit(rank, rank % 2, 1000 + rank, code, Instant.parse("2025-01-02T03:04:05.678Z"),
                Optional.of("/logs/rank_" + rank + "/stderr.log"), List.of(stderr), Optional.empty());
    }

    @Test
    void oneBlockPerFailedWorkerAndTheFirstAsRootCause() {
        String text = FailureReport.render("srun-wrapper: worker group \"default\" of run 5.0 FAILED", "node2",
                List.of(exit(3, 1, "Traceback", "boom"), exit(2, 137)), List.of(exit(0, 143)));
        String failures = text.substring(text.indexOf("Failures:"), text.indexOf("Root cause"));
        String root = text.substring(text.indexOf("Root cause (first observed failure):"));
        assertTrue(failures.contains("[1]:\n") && failures.contains("rank     : 2 (local rank 0)"), text);
        assertTrue(failures.contains("exit     : signal SIGKILL (exit code 137)"), text);
        assertTrue(failures.contains("stderr   : <nothing>"), text);
        assertTrue(root.contains("[0]:\n"), text);
        assertTrue(root.contains("host     : node2"), text);
        assertTrue(root.contains("rank     : 3 (local rank 1)"), text);
        assertTrue(root.contains("pid      : 1003"), text);
        assertTrue(root.contains("exit     : exit code 1"), text);
        assertTrue(root.contains("log file : /logs/rank_3/stderr.log"), text);
        assertTrue(root.contains("stderr   : last 2 line(s):\n      | Traceback\n      | boom\n"), text);
        assertTrue(root.contains("Stopped by the wrapper: rank 0 (signal SIGTERM (exit code 143))"), text);
        assertTrue(text.startsWith("=".repeat(72) + "\nsrun-wrapper: worker group"), text);
        assertTrue(text.contains("time     : "), text);
    }

    @Test
    void frozenWorkersAreNamedAfterTheStoppedOnes() {
        String text = FailureReport.render("t", "h", List.of(exit(0, 3, "rank 0: timed out waiting for rank 1")), List.of(exit(1, 143)),
                List.of("rank 1 (local rank 1, pid 1001)"));
        assertTrue(text.endsWith("Stopped by the wrapper: rank 1 (signal SIGTERM (exit code 143))\n"
                + "Frozen (process state T: SIGSTOP or a debugger) when the group was stopped: rank 1 (local rank 1, pid 1001)\n"
                + "=".repeat(72) + "\n"), text);
        assertFalse(FailureReport.render("t", "h", List.of(exit(0, 3)), List.of(), List.of()).contains("Frozen"));
    }

    @Test
    void aSingleFailureSaysThereAreNoOthers() {
        String text = FailureReport.render("t", "h", List.of(exit(0, 3)), List.of());
        assertTrue(text.contains("Failures:\n  <no other failures>\n"), text);
        assertTrue(!text.contains("Stopped by the wrapper"), text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1   | exit code 1",
            "3   | exit code 3",
            "127 | exit code 127",
            "128 | exit code 128",
            "129 | signal SIGHUP (exit code 129)",
            "130 | signal SIGINT (exit code 130)",
            "134 | signal SIGABRT (exit code 134)",
            "137 | signal SIGKILL (exit code 137)",
            "139 | signal SIGSEGV (exit code 139)",
            "140 | signal SIGUSR2 (exit code 140)",
            "143 | signal SIGTERM (exit code 143)",
            "255 | exit code 255"})
    void exitStatusesAbove128AreNamedAsSignals(int code, String text) {
        assertEquals(text, exit(0, code).describe());
    }
}
