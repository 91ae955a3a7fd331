package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ddpkit.examples.RankLines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code srun-wrapper --max-restarts 1} over {@code elastic-ddp-cnn --snapshot DIR --save-every
 * 4}: rank 1 killed by SIGKILL in the middle of the second epoch makes the whole group start again,
 * resume from the last snapshot (not from scratch) and finish, with the same final model bytes
 * as a run that was never interrupted.
 */
class RestartResumeTest {

    @BeforeAll
    static void needsTheBuildTheDatasetAndTheFlags() {
        Workers.requireBuildAndDataset();
        Workers.requireExampleFlags("--save-every", "--save-model");
    }

    /** 2 epochs of 12 batches per rank; a snapshot every 4 steps. */
    static List<String> args(Path dir, String name) {
        return new ArrayList<>(List.of("--epochs", "2", "--limit", "1536", "--test-limit", "100", "--log-interval", "2",
                "--snapshot", dir.resolve(name + "-snapshot").toString(), "--save-every", "4",
                "--save-model", dir.resolve(name + ".safetensors").toString(), "--out-dir", dir.resolve(name + "-out").toString()));
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void aKilledRankRestartsTheGroupFromTheLastSnapshot(@TempDir Path dir) throws IOException {
        TrainingRun run = TrainingRun.start(dir, TrainingRun.command(List.of("--max-restarts", "1"), args(dir, "restarted")));
        run.awaitStdout(Duration.ofSeconds(120), "[rank 0]: Epoch [2/2], Batch [6/12]", "[rank 1]: Epoch [2/2], Batch [6/12]");
        ProcessHandle victim = run.worker(1);
        int linesBefore = run.stdout().split("\n").length;
        long killedAt = System.nanoTime();
        Workers.signal(victim.pid(), "KILL");
        run.awaitStdout(Duration.ofSeconds(90), "[rank 0]: Resuming training from snapshot at epoch 2");
        long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertEquals(0, run.awaitExit(Duration.ofSeconds(120)), run::describe);
        System.out.println("RestartResumeTest: SIGKILL of rank 1 -> resumed from the snapshot: " + resumedMillis + " ms");
        assertTrue(run.stderr().contains("restarting the worker group (restart 1 of 1): rank 1 (local rank 1, pid " + victim.pid()
                + ") ended with signal SIGKILL (exit code 137)"), run::describe);
        String all = run.stdout();
        String after = String.join("\n", List.of(all.split("\n")).subList(linesBefore, all.split("\n").length));
        assertEquals(1, RankLines.matching(RankLines.of(after, 0), "Resuming training from snapshot at epoch 2.*").size(), after);
        for (int rank = 0; rank < 2; rank++) {
            List<String> lines = RankLines.of(after, rank);
            assertTrue(RankLines.matching(lines, "Epoch \\[1/2].*").isEmpty(), "epoch 1 is not trained again:\n" + after);
            assertEquals(1, RankLines.matching(lines, "Epoch \\[2/2] completed\\..*").size(), after);
        }
        TrainingRun reference = TrainingRun.start(dir, TrainingRun.command(List.of(), args(dir, "uninterrupted")));
        assertEquals(0, reference.awaitExit(Duration.ofSeconds(120)), reference::describe);
        assertEquals(-1L, Files.mismatch(dir.resolve("restarted.safetensors"), dir.resolve("uninterrupted.safetensors")),
                "the restarted run ends with the uninterrupted run's parameters, bit for bit");
    }
}
