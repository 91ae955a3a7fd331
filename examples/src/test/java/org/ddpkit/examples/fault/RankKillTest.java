package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * One node, standalone: a rank of {@code elastic-ddp-cnn} killed by SIGKILL in the middle of an
 * epoch ends the whole job within 10 s with the killed rank's status 137 and the failure report
 * naming it, and no process of the job outlives it.
 */
class RankKillTest {
    /** The bound from the kill to the job's exit. */
    static final long BOUND_MILLIS = 10_000;

    @BeforeAll
    static void needsTheBuildAndTheDataset() {
        Workers.requireBuildAndDataset();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRankKilledMidEpochEndsTheJobWithinTenSecondsNamingIt(@TempDir Path dir) {
        // 96 batches per rank: far more than the time to the kill
        TrainingRun run = TrainingRun.start(dir, TrainingRun.command(List.of(), List.of("--epochs", "1", "--limit", "12288",
                "--test-limit", "100", "--log-interval", "2", "--out-dir", dir.resolve("out").toString())));
        run.awaitStdout(Duration.ofSeconds(90), "[rank 0]: Epoch [1/1], Batch [4/96]", "[rank 1]: Epoch [1/1], Batch [4/96]");
        ProcessHandle victim = run.worker(1);
        long killedAt = System.nanoTime();
        Workers.signal(victim.pid(), "KILL");
        assertEquals(137, run.awaitExit(Duration.ofSeconds(60)), run::describe);
        long millis = TimeUnit.NANOSECONDS.toMillis(run.exitedAtNanos() - killedAt);
        System.out.println("RankKillTest: SIGKILL of rank 1 -> srun-wrapper exit: " + millis + " ms");
        assertTrue(millis < BOUND_MILLIS, "the job exited " + millis + " ms after the kill\n" + run.describe());
        String err = run.stderr();
        String root = err.substring(err.indexOf("Root cause (first observed failure):"));
        assertTrue(root.contains("rank     : 1 (local rank 1)"), err);
        assertTrue(root.contains("pid      : " + victim.pid()), err);
        assertTrue(root.contains("exit     : signal SIGKILL (exit code 137)"), err);
        assertTrue(err.contains("FAILED (restarts: 0 of 0)"), err);
        assertTrue(!run.stdout().contains("Test set"), "training did not go on after the kill:\n" + run.stdout());
        List<ProcessHandle> left = Await.until("every process of the job gone", Duration.ofSeconds(10),
                () -> run.seen().stream().filter(h -> !Workers.gone(h)).toList(), List::isEmpty);
        assertEquals(List.of(), left);
        assertTrue(run.seen().size() >= 2, "both workers were seen: " + run.seen());
    }
}
