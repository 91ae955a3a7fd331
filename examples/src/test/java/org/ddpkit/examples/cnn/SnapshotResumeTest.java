package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpkit.train.checkpoint.Snapshot;
import org.ddpkit.train.checkpoint.SnapshotDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's promise, with real rank processes: a run interrupted part-way — its only rank
 * killed with SIGKILL, or a SIGUSR2 sent to one of two ranks — and then started again ends with
 * exactly the bytes ({@code --save-model}) of a run never interrupted, same seed and world size.
 * Runs are small: 2 epochs of 6 steps per rank on a subset of the offline Fashion-MNIST.
 */
class SnapshotResumeTest {
    /** Steps per epoch of every run here. */
    static final int STEPS = 6;
    private static final Duration RUN = Duration.ofSeconds(150);
    private static final Pattern RESUMING = Pattern.compile("Resuming training from snapshot at epoch (\\d+) step (\\d+) \\((.*)\\)");
    private static final Pattern PREEMPTED = Pattern.compile(
            "Preempted at epoch (\\d+) step (\\d+) \\(of " + STEPS + "\\): snapshot written in (\\d+) ms after SIGUSR2 "
                    + "\\(saving took \\d+ ms; (.*)\\); "
                    + "exit 75: run again to resume");

    @BeforeAll
    static void needsTheDataset() {
        CnnRanks.requireDataset();
    }

    /** 2 epochs of {@value #STEPS} steps per rank, the loss of every step printed. */
    static List<String> args(Path dir, int world, String... more) {
        List<String> a = new ArrayList<>(List.of("--epochs", "2", "--limit", Integer.toString(64 * STEPS * world), "--test-limit", "100",
                "--log-interval", "1", "--threads", "1", "--progress", "none", "--data-dir", ElasticDdpCnnTest.DATA.toString(),
                "--out-dir", dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void oneRankKilledWithSigkillResumesFromItsLastStepSnapshotBitForBit(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference.safetensors");
        try (CnnRanks ref = CnnRanks.start(dir, "reference", 1, args(dir, 1, "--save-model", reference.toString()))) {
            // Without --snapshot a notice is only a warning: the run goes on and finishes.
            ref.awaitLine(0, "Epoch \\[1/2], Batch \\[3/" + STEPS + "], Loss: .*", RUN);
            ref.signal(0, "USR2");
            assertEquals(List.of(0), ref.awaitAll(RUN), ref::describe);
            assertTrue(ref.err(0).contains("elastic-ddp-cnn: warning: got SIGUSR2 but no --snapshot DIR was given: training goes on"),
                    ref::describe);
            assertTrue(ref.out(0).contains("Epoch [2/2] completed."), ref::describe);
        }
        Path snap = dir.resolve("snapshot");
        Path resumedModel = dir.resolve("resumed.safetensors");
        List<String> args = args(dir, 1, "--snapshot", snap.toString(), "--save-every", "3", "--save-model", resumedModel.toString());
        try (CnnRanks killed = CnnRanks.start(dir, "killed", 1, args)) {
            // Step 3's snapshot is committed before step 4 starts.
            killed.awaitLine(0, "Epoch \\[1/2], Batch \\[5/" + STEPS + "], Loss: .*", RUN);
            killed.signal(0, "KILL");
            assertEquals(List.of(128 + 9), killed.awaitAll(RUN));
        }
        assertFalse(Files.exists(resumedModel), "the killed run did not finish");
        try (CnnRanks resumed = CnnRanks.start(dir, "resumed", 1, args)) {
            assertEquals(List.of(0), resumed.awaitAll(RUN), resumed::describe);
            Matcher m = RESUMING.matcher(resumed.out(0).lines().filter(l -> l.startsWith("Resuming")).findFirst().orElse(""));
            assertTrue(m.matches(), resumed::describe);
            int epoch = Integer.parseInt(m.group(1)), step = Integer.parseInt(m.group(2));
            long global = (epoch - 1L) * STEPS + step;
            assertTrue(global >= 3 && global % 3 == 0, "resumed from a --save-every 3 snapshot at or after step 3: " + m.group());
            assertEquals(snap.toString(), m.group(3));
            String first = step < STEPS ? "Epoch [" + epoch + "/2], Batch [" + (step + 1) + "/" + STEPS + "]"
                    : "Epoch [" + (epoch + 1) + "/2], Batch [1/" + STEPS + "]";
            List<String> steps = resumed.out(0).lines().filter(l -> l.matches("Epoch \\[\\d/2], Batch \\[\\d+/\\d+], Loss: .*")).toList();
            assertTrue(steps.getFirst().startsWith(first), "the resumed run starts with the step after the snapshot's:\n" + resumed.out(0));
        }
        assertEquals(-1L, Files.mismatch(reference, resumedModel), "the resumed run's final model differs from the uninterrupted run's");
    }

    @Test
    @Timeout(value = 500, unit = TimeUnit.SECONDS)
    void aNoticeToOneOfTwoRanksStopsBothAtTheSameStepAndTheResumedRunEndsBitForBit(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference.safetensors");
        try (CnnRanks ref = CnnRanks.start(dir, "reference", 2, args(dir, 2, "--save-model", reference.toString()))) {
            assertEquals(List.of(0, 0), ref.awaitAll(RUN), ref::describe);
        }
        Path snap = dir.resolve("snapshot");
        Path resumedModel = dir.resolve("resumed.safetensors");
        List<String> args = args(dir, 2, "--snapshot", snap.toString(), "--save-model", resumedModel.toString());
        int epoch, step;
        try (CnnRanks noticed = CnnRanks.start(dir, "noticed", 2, args)) {
            noticed.awaitLine(1, "Epoch \\[1/2], Batch \\[3/" + STEPS + "], Loss: .*", RUN);
            noticed.signal(1, "USR2");
            assertEquals(List.of(75, 75), noticed.awaitAll(RUN), noticed::describe);
            List<String> preempted = noticed.out(0).lines().filter(l -> l.startsWith("Preempted")).toList();
            assertEquals(1, preempted.size(), noticed::describe);
            Matcher m = PREEMPTED.matcher(preempted.get(0));
            assertTrue(m.matches(), preempted.get(0));
            epoch = Integer.parseInt(m.group(1));
            step = Integer.parseInt(m.group(2));
            System.out.println("signal to snapshot: " + m.group(3) + " ms (" + preempted.get(0) + ")");
            assertEquals(snap.toString(), m.group(4));
            assertTrue(noticed.out(1).lines().toList().contains("Stopped at epoch " + epoch + " step " + step
                    + " for SIGUSR2; rank 0 wrote the snapshot"), noticed::describe);
            for (int rank = 0; rank < 2; rank++) {
                List<String> steps = noticed.out(rank).lines()
                        .filter(l -> l.matches("Epoch \\[\\d/2], Batch \\[\\d+/" + STEPS + "], Loss: .*")).toList();
                assertTrue(steps.getLast().startsWith("Epoch [" + epoch + "/2], Batch [" + step + "/" + STEPS + "]"),
                        "rank " + rank + " stopped after the agreed step:\n" + noticed.describe());
            }
        }
        Snapshot saved = new SnapshotDir(snap).load();
        assertEquals(epoch, saved.training().counter(StepSnapshots.EPOCH, -1));
        assertEquals(step, saved.training().counter(StepSnapshots.STEP, -1));
        assertEquals(step * 64L, saved.training().counter(StepSnapshots.SAMPLER_POSITION, -1));
        assertEquals(2, saved.training().counter(StepSnapshots.WORLD_SIZE, -1));

        // Another world size cannot take this snapshot: one line, exit 65.
        try (CnnRanks alone = CnnRanks.start(dir, "alone", 1, args)) {
            assertEquals(List.of(65), alone.awaitAll(RUN), alone::describe);
            List<String> errors = alone.err(0).lines().filter(l -> l.startsWith("ddp-example")).toList();
            assertEquals(List.of("ddp-example elastic-ddp-cnn (rank 0): " + snap + ": was saved by a run with a world size of 2, this run"
                    + " has 1: resume with the same world size (the ranks' shares of the data depend on it), or start afresh with another"
                    + " --snapshot directory"), errors, alone::describe);
        }
        try (CnnRanks resumed = CnnRanks.start(dir, "resumed", 2, args)) {
            assertEquals(List.of(0, 0), resumed.awaitAll(RUN), resumed::describe);
            for (int rank = 0; rank < 2; rank++) {
                assertTrue(resumed.out(rank).lines().toList().contains("Resuming training from snapshot at epoch " + epoch + " step " + step
                        + " (" + snap + ")"), resumed::describe);
            }
        }
        assertEquals(-1L, Files.mismatch(reference, resumedModel), "the resumed run's final model differs from the uninterrupted run's");
    }
}
