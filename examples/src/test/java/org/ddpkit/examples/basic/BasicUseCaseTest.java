package org.ddpkit.examples.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddpkit.examples.Main;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.CommandRunner;
import org.ddpkit.testkit.JavaCommand;
import org.ddpkit.train.checkpoint.StateDictFile;
import org.ddpkit.train.checkpoint.TensorFile;
import org.ddpkit.train.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basic-use-case} in a fresh JVM, starting its ranks as real processes: every rank's lines
 * of the three demos, in the tutorial's order; the checkpoint demo's file; a failing rank.
 */
class BasicUseCaseTest {
    private static final CommandRunner RUNNER = new CommandRunner(Map.of(), Duration.ofSeconds(200));

    private static CommandResult basicUseCase(Path dir, String... args) {
        List<String> a = new ArrayList<>(List.of("basic-use-case"));
        a.addAll(List.of(args));
        return RUNNER.run(dir, JavaCommand.of(Main.class.getName(), a));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fourRanksRunTheThreeDemosInTurn(@TempDir Path dir) {
        Path checkpoint = dir.resolve("model.checkpoint");
        CommandResult r = basicUseCase(dir, "--checkpoint-file", checkpoint.toString());
        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        int world = 4;
        int demoEnd = -1;
        for (TutorialDemo d : TutorialDemo.values()) {
            int firstStart = Integer.MAX_VALUE, lastEnd = -1;
            for (int rank = 0; rank < world; rank++) {
                int start = lines.indexOf(d.startLine(rank)), end = lines.indexOf(d.endLine(rank));
                assertTrue(start >= 0, "no \"" + d.startLine(rank) + "\" in:\n" + r.stdout());
                assertTrue(end > start, "no \"" + d.endLine(rank) + "\" after its start line in:\n" + r.stdout());
                assertEquals(1, lines.stream().filter(d.startLine(rank)::equals).count(), d.startLine(rank) + " once");
                firstStart = Math.min(firstStart, start);
                lastEnd = Math.max(lastEnd, end);
            }
            assertTrue(firstStart > demoEnd, d.label() + " starts after the previous demo's ranks all finished:\n" + r.stdout());
            demoEnd = lastEnd;
        }
        assertEquals(3 * 2 * world, lines.size(), "nothing but the tutorial's lines:\n" + r.stdout());
        assertFalse(Files.exists(checkpoint), "rank 0 deletes the checkpoint at the end of its demo");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void checkpointHoldsRankZerosWeightsUnderPyTorchsNames(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("model.checkpoint");
        CommandResult r = basicUseCase(dir, "--demo", "checkpoint", "--world-size", "2", "--seed", "7",
                "--checkpoint-file", checkpoint.toString(), "--keep-checkpoint");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(List.of(TutorialDemo.CHECKPOINT.startLine(0), TutorialDemo.CHECKPOINT.endLine(0)),
                r.stdout().lines().filter(l -> l.endsWith("rank 0.")).toList());
        TensorFile f = StateDictFile.load(checkpoint);
        assertTrue(f.verified(), "ddpkit's checksum is in the file and matches");
        assertEquals("2", f.metadata().get("world_size"));
        Map<String, Tensor> want = TutorialDemo.rankZeroModel(7).stateDict();
        assertEquals(want.keySet().stream().map(k -> "module." + k).toList(), List.copyOf(f.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            assertArrayEquals(e.getValue().toArray(), f.tensors().get("module." + e.getKey()).floats(),
                    e.getKey() + ": the file holds rank 0's initial weights, which DDP gave every rank");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRankThatFailsStopsTheOthersAndNamesItself(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir/model.checkpoint");
        long t0 = System.nanoTime();
        CommandResult r = basicUseCase(dir, "--demo", "checkpoint", "--world-size", "3", "--checkpoint-file", missing.toString());
        assertTrue(r.exitCode() == 65 || r.exitCode() == 70, r::describe);
        assertTrue(r.stderr().contains("basic-use-case: rank 0 of demo checkpoint exited with code " + r.exitCode()
                + "; stopping the other ranks"), r.stderr());
        assertTrue(r.stderr().contains("ddp-example basic-use-case-rank (rank 0): ") && r.stderr().contains(dir.resolve("no-such-dir").toString()),
                r.stderr());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(90), "the failure ends the run promptly");
    }
}
