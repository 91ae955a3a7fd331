package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rank frozen by SIGSTOP in the middle of an epoch: its peer's collective times out after
 * {@code --timeout} seconds naming it, srun-wrapper reports the hang (the peer's timeout line
 * and the frozen rank) and ends the frozen process too (SIGTERM, then SIGCONT so that it acts
 * on it), so nothing is left behind.
 */
class RankHangTest {
    static final int TIMEOUT_SECONDS = 5;

    @BeforeAll
    static void needsTheBuildTheDatasetAndTheFlag() {
        Workers.requireBuildAndDataset();
        Workers.requireExampleFlags("--timeout");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFrozenRankIsCaughtByTheCollectiveTimeoutAndReported(@TempDir Path dir) {
        TrainingRun run = TrainingRun.start(dir, TrainingRun.command(List.of(), List.of("--epochs", "1", "--limit", "12288",
                "--test-limit", "100", "--log-interval", "2", "--timeout", Integer.toString(TIMEOUT_SECONDS),
                "--out-dir", dir.resolve("out").toString())));
        run.awaitStdout(Duration.ofSeconds(90), "[rank 0]: Epoch [1/1], Batch [4/96]", "[rank 1]: Epoch [1/1], Batch [4/96]");
        ProcessHandle victim = run.worker(1);
        long stoppedAt = System.nanoTime();
        Workers.signal(victim.pid(), "STOP");
        int status = run.awaitExit(Duration.ofSeconds(60));
        long millis = TimeUnit.NANOSECONDS.toMillis(run.exitedAtNanos() - stoppedAt);
        System.out.println("RankHangTest: SIGSTOP of rank 1 -> srun-wrapper exit with --timeout " + TIMEOUT_SECONDS + ": " + millis + " ms");
        assertNotEquals(0, status, run::describe);
        assertTrue(millis >= TIMEOUT_SECONDS * 1000L - 1000, "reported before the timeout could pass: " + millis + " ms\n" + run.describe());
        assertTrue(millis < TIMEOUT_SECONDS * 1000L + 10_000, "reported " + millis + " ms after the hang began\n" + run.describe());
        String err = run.stderr();
        String root = err.substring(err.indexOf("Root cause (first observed failure):"));
        assertTrue(root.contains("rank     : 0 (local rank 0)"), err);
        String stderrTail = root.substring(root.indexOf("stderr   :"));
        assertTrue(stderrTail.contains("rank 1"), "rank 0's last lines name rank 1:\n" + err);
        assertTrue(err.contains("Frozen (process state T: SIGSTOP or a debugger) when the group was stopped: rank 1 (local rank 1, pid "
                + victim.pid() + ")"), err);
        List<ProcessHandle> left = Await.until("every process of the job gone, the frozen one too", Duration.ofSeconds(10),
                () -> run.seen().stream().filter(h -> !Workers.gone(h)).toList(), List::isEmpty);
        assertEquals(List.of(), left);
    }
}
