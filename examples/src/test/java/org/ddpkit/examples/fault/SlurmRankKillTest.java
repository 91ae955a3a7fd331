package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.ddpkit.examples.Launchers;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.NodeProcess;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes of the local SLURM cluster, the job as jobgen writes it (per-task launch: one
 * srun-wrapper and one rank per node, {@code srun --kill-on-bad-exit=1}): rank 1 on node2 killed
 * by SIGKILL mid-epoch ends the job within 10 s, FAILED with a non-zero exit code, its output
 * has the report naming rank 1 on node2, and no process of the job is left on any node.
 */
class SlurmRankKillTest {
    static final long BOUND_MILLIS = 10_000;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aRankKilledOnTheSecondNodeEndsTheJobWithinTenSecondsNamingIt() {
        LocalSlurm slurm = LocalSlurm.require();
        Launchers.requireBuilt();
        ScratchDir dir = slurm.scratch("rank-kill");
        String marker = "ddpkit-rank-kill-" + UUID.randomUUID();
        Path job = dir.write("job.sh", slurm.run(List.of(Launchers.bin("jobgen"), "--nodes", "2", "--output",
                dir.resolve("slurm-%j.out").toString(), "--", "bin/ddp-example", "elastic-ddp-cnn", "--epochs", "1", "--limit", "12288",
                "--test-limit", "100", "--log-interval", "2", "--threads", "1", "--progress", "none", "--out-dir",
                dir.resolve("out").toString())).requireOk().stdout());
        String id = slurm.submit(job, List.of("--chdir=" + slurm.repoRoot(), "--export=ALL,DDPKIT_TEST_MARK=" + marker));
        Path output = dir.resolve("slurm-" + id + ".out");
        slurm.awaitText(output, "[rank 1]: Epoch [1/1], Batch [4/96]", Duration.ofSeconds(100));
        NodeProcess victim = slurm.processes(marker).stream().filter(p -> Workers.isWorker(p.pid(), 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no rank 1 worker among " + slurm.processes(marker)));
        assertEquals("node2", victim.node(), "per-task launch puts rank 1 on the second node");
        long killedAt = System.nanoTime();
        Workers.signal(victim.pid(), "KILL");
        SlurmJob done = slurm.awaitEnd(id, Duration.ofSeconds(60));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("SlurmRankKillTest: SIGKILL of rank 1 on node2 -> job " + done.state() + ": " + millis + " ms");
        String out = slurm.output(done);
        assertEquals("FAILED", done.state(), () -> done.describe() + "\n" + out);
        assertNotEquals(0, done.exitCode(), done::describe);
        assertTrue(millis < BOUND_MILLIS, "the job ended " + millis + " ms after the kill\n" + out);
        String root = out.substring(Math.max(0, out.indexOf("Root cause (first observed failure):")));
        assertTrue(root.contains("host     : node2") && root.contains("rank     : 1 (local rank 0)")
                && root.contains("exit     : signal SIGKILL (exit code 137)"), out);
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(10)), "processes left behind by job " + id);
    }
}
