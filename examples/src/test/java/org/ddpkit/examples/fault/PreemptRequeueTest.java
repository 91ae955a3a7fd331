package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpkit.examples.Launchers;
import org.ddpkit.examples.RankLines;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.CommandRunner;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Preemption end to end on the local SLURM cluster: {@code jobgen --nodes 2 --requeue} writes the
 * job (2 ranks, one per node), sbatch runs {@code elastic-ddp-cnn} with a snapshot every 4 steps;
 * after step 3 the test sends {@code scancel --signal=USR2 --batch} (only the batch shell gets it
 * and passes it on to srun) or {@code --full} (the steps get it too, and srun-wrapper passes it on),
 * or SLURM preempts the job for one in partition "urgent" (USR2 and SIGTERM at once, SIGKILL
 * 5 s later; SLURM requeues it itself, and the workers' snapshot on SIGTERM saves every step). The ranks stop after the same step, rank 0 writes a
 * snapshot, the job requeues itself ({@code scontrol requeue}, SLURM_RESTART_COUNT=1) or submits
 * its follow-up ({@code --requeue-mode resubmit}), the next run resumes at the step after the
 * snapshot's (no step lost), finishes, and writes the final model byte for byte as a run of the
 * same world size (2) that was never interrupted.
 */
class PreemptRequeueTest {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern PREEMPTED = Pattern.compile(
            "\\[rank 0]: Preempted at epoch (\\d+) step (\\d+) \\(of \\d+\\): snapshot written in (\\d+) ms after (SIGUSR2|SIGTERM)");
    private static final Pattern RESUMING = Pattern.compile("\\[rank 0]: Resuming training from snapshot at epoch (\\d+) step (\\d+)");
    private static final Pattern BATCH = Pattern.compile("Epoch \\[(\\d+)/\\d+], Batch \\[(\\d+)/\\d+], Loss: .*");
    private static Path reference;

    @BeforeAll
    static void needsTheClusterTheBuildTheDatasetAndTheFlags() throws IOException {
        LocalSlurm.require();
        Workers.requireBuildAndDataset();
        Workers.requireExampleFlags("--save-every", "--save-model");
        // The uninterrupted run: same arguments and world size (2), on this machine.
        ScratchDir dir = ScratchDir.create("preempt-reference");
        List<String> cmd = new ArrayList<>(List.of(Launchers.bin("srun-wrapper"), "--standalone", "--nproc-per-node", "2", "--"));
        cmd.addAll(example(dir));
        CommandResult r = new CommandRunner(Map.of(), RUN_TIMEOUT).run(dir.path(), cmd);
        assertEquals(0, r.exitCode(), r::describe);
        reference = dir.resolve("model.safetensors");
        assertTrue(Files.size(reference) > 0, "the reference run wrote " + reference);
    }

    /**
     * 1 epoch of 48 steps per rank (6144 samples, 2 ranks, batch 64), a snapshot every 4 steps, the
     * final model saved: long enough that SLURM's preemption (a second or so after the urgent job's
     * sbatch) comes before the end.
     */
    static List<String> example(ScratchDir dir) {
        return List.of(Launchers.bin("ddp-example"), "elastic-ddp-cnn", "--epochs", "1", "--limit", "6144", "--test-limit", "100",
                "--log-interval", "1", "--threads", "1", "--progress", "none", "--snapshot", dir.resolve("snapshot").toString(),
                "--save-every", "4", "--save-model", dir.resolve("model.safetensors").toString(),
                "--out-dir", dir.resolve("out").toString());
    }

    @ParameterizedTest(name = "--requeue-mode {0}, {1}")
    @CsvSource({"scontrol, --batch", "resubmit, --full", "scontrol, urgent"})
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void preemptedJobRequeuesResumesAndEndsWithTheUninterruptedModel(String mode, String scope) throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("preempt-" + mode + scope.replace("--", "-"));
        String marker = "ddpkit-preempt-" + UUID.randomUUID();
        List<String> jobgen = new ArrayList<>(List.of(Launchers.bin("jobgen"), "--nodes", "2", "--requeue", "--requeue-mode", mode,
                "--max-requeues", "2", "--output", dir.resolve("slurm-%j.out").toString(), "--"));
        jobgen.addAll(example(dir));
        Path job = dir.write("job.sh", slurm.run(jobgen).requireOk().stdout());
        String id = slurm.submit(job, List.of("--chdir=" + slurm.repoRoot(), "--export=ALL,DDPKIT_TEST_MARK=" + marker));
        Path firstOutput = dir.resolve("slurm-" + id + ".out");
        slurm.awaitText(firstOutput, "[rank 0]: Epoch [1/1], Batch [3/48]", RUN_TIMEOUT);
        boolean slurmPreempts = scope.equals("urgent");
        if (slurmPreempts) { // SLURM's own preemption: USR2 (preempt_send_user_signal) and SIGTERM at once, SIGKILL 5 s later
            Path urgent = dir.write("urgent.sh", "#!/bin/bash\nhostname\n");
            slurm.submit(urgent, List.of("--partition=urgent", "--nodelist=node1", "--exclusive",
                    "--output=" + dir.resolve("urgent-%j.out")));
        } else {
            slurm.scancel("--signal=USR2", scope, id).requireOk();
        }

        String first;
        String last;
        if (mode.equals("scontrol")) {
            SlurmJob done = slurm.awaitEnd(id, RUN_TIMEOUT);
            String out = slurm.output(done);
            assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + out);
            assertEquals(1, done.restarts(), () -> done.describe() + "\n" + out);
            int second = out.indexOf("ddpkit: SLURM_RESTART_COUNT=1\n");
            assertTrue(out.startsWith("ddpkit: SLURM_RESTART_COUNT=0\n") && second > 0,
                    "each run reports SLURM_RESTART_COUNT, in the same file (--open-mode=append):\n" + out);
            assertTrue(out.contains(slurmPreempts ? "ddpkit: this shell got SIGTERM" : "requeueing job " + id + " (restart 1 of at most 2)"),
                    out);
            first = out.substring(0, second);
            last = out.substring(second);
        } else {
            SlurmJob done = slurm.awaitEnd(id, RUN_TIMEOUT);
            first = slurm.output(done);
            assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + first);
            Matcher m = Pattern.compile("submitted job (\\d+) \\(resubmit 1 of at most 2\\), to start after job " + id).matcher(first);
            assertTrue(m.find(), "the job names its follow-up:\n" + first);
            SlurmJob next = slurm.awaitEnd(m.group(1), RUN_TIMEOUT);
            last = slurm.output(next);
            assertEquals("COMPLETED", next.state(), () -> next.describe() + "\n" + last);
            assertTrue(last.contains("ddpkit: DDPKIT_RESUBMIT_COUNT=1\n"), last);
            assertTrue(next.field("StartTime").compareTo(done.field("EndTime")) >= 0, "afterany: the follow-up starts after job " + id);
        }
        Matcher stop = PREEMPTED.matcher(first);
        assertTrue(stop.find(), "rank 0 reports the stop:\n" + first);
        Matcher resume = RESUMING.matcher(last);
        assertTrue(resume.find(), "the next run resumes from the snapshot:\n" + last);
        assertEquals(stop.group(1) + " " + stop.group(2), resume.group(1) + " " + resume.group(2),
                "the next run starts where the stop left off");
        for (int rank = 0; rank < 2; rank++) {
            int done = lastBatch(RankLines.of(first, rank));
            int next = firstBatch(RankLines.of(last, rank));
            assertEquals(done + 1, next, "rank " + rank + ": no step lost or repeated (last before the stop " + done
                    + ", first after " + next + ")\n" + first + last);
            assertTrue(RankLines.of(last, rank).stream().anyMatch(l -> l.startsWith("Epoch [1/1] completed.")), last);
        }
        System.out.println("PreemptRequeueTest " + mode + " " + scope + ": snapshot written " + stop.group(3)
                + " ms after SIGUSR2, stopped after step " + (Integer.parseInt(stop.group(2)) - 1) + ", resumed at step " + resume.group(2));
        Path model = dir.resolve("model.safetensors");
        assertEquals(-1L, Files.mismatch(reference, model),
                () -> model + " differs from the uninterrupted run's " + reference + "\n" + first + last);
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(20)), "processes left behind by job " + id);
    }

    /** The last batch (1-based) of the first epoch a rank finished before the stop. */
    private static int lastBatch(List<String> lines) {
        int last = 0;
        for (String l : lines) {
            Matcher m = BATCH.matcher(l);
            if (m.matches() && m.group(1).equals("1")) {
                last = Integer.parseInt(m.group(2));
            }
        }
        return last;
    }

    /** The first batch a rank trained after resuming. */
    private static int firstBatch(List<String> lines) {
        for (String l : lines) {
            Matcher m = BATCH.matcher(l);
            if (m.matches()) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no batch line in " + lines);
    }
}
