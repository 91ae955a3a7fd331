package org.ddpkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpkit.examples.cnn.MetricsCsv;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demos end to end on the real local SLURM cluster (2 nodes, 2 fake GPUs each), as users
 * run them from the checkout: {@code bin/jobgen --nodes 2 --gpus 2 -- bin/ddp-example NAME},
 * then sbatch; 4 ranks over 2 nodes, in both launch modes.
 */
class SlurmDemoTest {
    private static final Pattern TEST_LINE = Pattern.compile("\\[rank 0]: Test set: Average loss: \\d+\\.\\d{4}, Accuracy: (\\d+)/500 \\(\\d+%\\)");
    private LocalSlurm slurm;

    @BeforeEach
    void cluster() {
        slurm = LocalSlurm.require();
        Launchers.requireBuilt();
    }

    /** Renders the job with jobgen, submits it from the checkout and waits for it; returns its output. */
    private String runJob(ScratchDir dir, List<String> jobgenOptions, List<String> command) {
        String marker = "ddpkit-demo-" + UUID.randomUUID();
        List<String> cmd = new ArrayList<>(List.of(Launchers.bin("jobgen"), "--nodes", "2", "--gpus", "2",
                "--output", dir.resolve("slurm-%j.out").toString()));
        cmd.addAll(jobgenOptions);
        cmd.add("--");
        cmd.addAll(command);
        CommandResult script = slurm.run(cmd).requireOk();
        Path job = dir.write("job.sh", script.stdout());
        String id = slurm.submit(job, List.of("--chdir=" + slurm.repoRoot(), "--export=ALL,DDPKIT_TEST_MARK=" + marker));
        SlurmJob done = slurm.awaitEnd(id, Duration.ofSeconds(220));
        String output = slurm.output(done);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + script.stdout() + "\noutput:\n" + output);
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(20)), "processes left behind by job " + id);
        return output;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"per-task", "per-node"})
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void elasticDdpRunsFourRanksOverTwoNodes(String mode) {
        ScratchDir dir = slurm.scratch("elastic-ddp-" + mode);
        String out = runJob(dir, List.of("--launch-mode", mode), List.of("bin/ddp-example", "elastic-ddp"));
        for (int rank = 0; rank < 4; rank++) {
            List<String> lines = RankLines.of(out, rank);
            int start = lines.indexOf("Start running basic DDP example on rank " + rank + ".");
            assertTrue(start >= 0 && lines.indexOf("Finished running basic DDP example on rank " + rank + ".") > start,
                    "rank " + rank + "'s lines in:\n" + out);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void elasticDdpCnnTrainsAnEpochOfASubset() throws Exception {
        ScratchDir dir = slurm.scratch("elastic-ddp-cnn");
        Path metrics = dir.resolve("out");
        String out = runJob(dir, List.of(), List.of("bin/ddp-example", "elastic-ddp-cnn", "--limit", "2048", "--test-limit", "500",
                "--epochs", "1", "--log-interval", "4", "--threads", "1", "--out-dir", metrics.toString()));
        for (int rank = 0; rank < 4; rank++) {
            List<String> lines = RankLines.of(out, rank);
            assertTrue(lines.contains("Initialized process group with rank " + rank + "."), out);
            assertTrue(lines.contains("Running on rank " + rank + ". (local device: cpu)"), out);
            // 2048 samples over 4 ranks: 512 each, 8 batches of 64
            assertEquals(2, RankLines.matching(lines, "Epoch \\[1/1], Batch \\[[48]/8], Loss: \\d+\\.\\d{4}").size(), out);
            assertEquals(1, RankLines.matching(lines, "Epoch \\[1/1] completed\\. Loss: \\d+\\.\\d{4}").size(), out);
            assertTrue(RankLines.matching(lines, "note: rank " + rank + " was given GPU \\d \\(CUDA_VISIBLE_DEVICES\\) but trains on the CPU.*")
                    .size() == 1, "each rank says that its fake GPU goes unused:\n" + out);
        }
        Matcher m = out.lines().map(TEST_LINE::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no test result from rank 0 in:\n" + out));
        int correct = Integer.parseInt(m.group(1));
        // chance is 10%; these 8 steps of 256 images reach 60-70%
        assertTrue(correct >= 250, "8 steps of 256 Fashion-MNIST images classify at least 50% of 500 test images; got " + correct);
        assertEquals(1, MetricsCsv.read(metrics.resolve("metrics.csv")).size());
        assertTrue(Files.size(metrics.resolve("metrics.png")) > 1000, "the plot is written");
    }
}
