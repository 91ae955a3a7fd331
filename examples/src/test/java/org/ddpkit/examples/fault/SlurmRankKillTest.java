package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.ddpkit.examples.Launchers;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.NodeProcess;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two nodes of the local SLURM cluster, the job as jobgen writes it ({@code srun
 * --kill-on-bad-exit=1}), in both launch modes: per-task (one srun-wrapper and one rank per
 * node) and per-node (one srun-wrapper per node starting 2 ranks). The last rank, on node2,
 * killed by SIGKILL mid-epoch ends the job within 10 s, FAILED with a non-zero exit code, its
 * output has the report naming that rank on node2, and no process of the job is left on any node.
 */
class SlurmRankKillTest {
    static final long BOUND_MILLIS = 10_000;

    @ParameterizedTest(name = "--launch-mode {0}")
    @CsvSource({"per-task, 1, 0, 96", "per-node, 3, 1, 48"})
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aRankKilledOnTheSecondNodeEndsTheJobWithinTenSecondsNamingIt(String mode, int rank, int localRank, int batches) {
        LocalSlurm slurm = LocalSlurm.require();
        Launchers.requireBuilt();
        ScratchDir dir = slurm.scratch("rank-kill-" + mode);
        String marker = "ddpkit-rank-kill-" + UUID.randomUUID();
        List<String> launch = mode.equals("per-node") ? List.of("--launch-mode", "per-node", "--nproc-per-node", "2") : List.of();
        Path job = dir.write("job.sh", slurm.run(Stream.concat(Stream.of(Launchers.bin("jobgen"), "--nodes", "2"), Stream.concat(
                launch.stream(), Stream.of("--output", dir.resolve("slurm-%j.out").toString(), "--", "bin/ddp-example", "elastic-ddp-cnn", "--epochs", "1", "--limit", "12288",
                "--test-limit", "100", "--log-interval", "2", "--threads", "1", "--progress", "none", "--out-dir",
                dir.resolve("out").toString()))).toList()).requireOk().stdout());
        String id = slurm.submit(job, List.of("--chdir=" + slurm.repoRoot(), "--export=ALL,DDPKIT_TEST_MARK=" + marker));
        Path output = dir.resolve("slurm-" + id + ".out");
        slurm.awaitText(output, "[rank " + rank + "]: Epoch [1/1], Batch [4/" + batches + "]", Duration.ofSeconds(100));
        NodeProcess victim = slurm.processes(marker).stream().filter(p -> Workers.isWorker(p.pid(), rank)).findFirst()
                .orElseThrow(() -> new AssertionError("no rank " + rank + " worker among " + slurm.processes(marker)));
        assertEquals("node2", victim.node(), mode + " launch puts rank " + rank + " on the second node");
        long killedAt = System.nanoTime();
        Workers.signal(victim.pid(), "KILL");
        SlurmJob done = slurm.awaitEnd(id, Duration.ofSeconds(60));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("SlurmRankKillTest " + mode + ": SIGKILL of rank " + rank + " on node2 -> job " + done.state() + ": "
                + millis + " ms");
        String out = slurm.output(done);
        assertEquals("FAILED", done.state(), () -> done.describe() + "\n" + out);
        assertNotEquals(0, done.exitCode(), done::describe);
        assertTrue(millis < BOUND_MILLIS, "the job ended " + millis + " ms after the kill\n" + out);
        // each node's srun-wrapper reports its own workers: the killed rank's node names it as the root cause
        int at = out.indexOf("Root cause (first observed failure):");
        while (at >= 0 && !out.substring(at, Math.min(out.length(), at + 200)).contains("host     : node2")) {
            at = out.indexOf("Root cause (first observed failure):", at + 1);
        }
        String root = out.substring(Math.max(0, at));
        assertTrue(root.contains("host     : node2") && root.contains("rank     : " + rank + " (local rank " + localRank + ")")
                && root.contains("exit     : signal SIGKILL (exit code 137)"), out);
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(10)), "processes left behind by job " + id);
    }
}
