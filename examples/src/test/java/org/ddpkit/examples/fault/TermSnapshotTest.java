package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what scancel, a time limit and SLURM's own preemption send) to a standalone run with
 * {@code --snapshot}: srun-wrapper passes it on, the ranks stop after the same step, rank 0
 * writes the snapshot, every rank exits 143 and so does the wrapper; the next run resumes at the
 * step after the last one trained and finishes.
 */
class TermSnapshotTest {
    private static final Pattern STOPPED = Pattern.compile(
            "\\[rank 0]: Preempted at epoch 1 step (\\d+) \\(of 96\\): snapshot written in (\\d+) ms after SIGTERM .*; exit 143");

    @BeforeAll
    static void needsTheBuildAndTheDataset() {
        Workers.requireBuildAndDataset();
        Workers.requireExampleFlags("--save-every");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sigtermStopsWithASnapshotThatTheNextRunResumes(@TempDir Path dir) {
        Path snapshot = dir.resolve("snapshot");
        // 96 batches per rank, no periodic snapshot: the only snapshot is the one SIGTERM asks for
        List<String> args = List.of("--epochs", "1", "--limit", "12288", "--test-limit", "100", "--log-interval", "1",
                "--snapshot", snapshot.toString(), "--save-every", "1000", "--out-dir", dir.resolve("out").toString());
        TrainingRun run = TrainingRun.start(dir, TrainingRun.command(List.of(), args));
        run.awaitStdout(Duration.ofSeconds(90), "[rank 0]: Epoch [1/1], Batch [4/96]", "[rank 1]: Epoch [1/1], Batch [4/96]");
        long sentAt = System.nanoTime();
        Workers.signal(run.handle().pid(), "TERM");
        assertEquals(143, run.awaitExit(Duration.ofSeconds(60)), run::describe);
        long millis = TimeUnit.NANOSECONDS.toMillis(run.exitedAtNanos() - sentAt);
        Matcher m = STOPPED.matcher(run.stdout());
        assertTrue(m.find(), "rank 0 stopped with a snapshot:\n" + run.describe());
        assertTrue(run.stdout().contains("[rank 1]: Stopped at epoch 1 step " + m.group(1) + " for SIGTERM"), run::describe);
        assertTrue(Files.isDirectory(snapshot), run::describe);
        assertTrue(run.stderr().contains("srun-wrapper: stopped by SIGTERM"), run::describe);
        System.out.println("TermSnapshotTest: SIGTERM -> snapshot after step " + (Integer.parseInt(m.group(1)) - 1) + " in "
                + m.group(2) + " ms, wrapper exit 143 after " + millis + " ms");

        TrainingRun again = TrainingRun.start(dir, TrainingRun.command(List.of(), args));
        assertEquals(0, again.awaitExit(Duration.ofSeconds(150)), again::describe);
        assertTrue(again.stdout().contains("[rank 0]: Resuming training from snapshot at epoch 1 step " + m.group(1) + " "),
                again::describe);
        assertTrue(again.stdout().contains("[rank 0]: Epoch [1/1] completed."), again::describe);
    }
}
