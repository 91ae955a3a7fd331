package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.ddpkit.examples.Launchers;
import org.ddpkit.examples.RankLines;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.NodeProcess;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code srun --kill-on-bad-exit=1 --nodes=2 srun-wrapper --max-restarts 1 -- elastic-ddp-cnn
 * --snapshot DIR --save-every 4} on the local SLURM cluster: rank 1 on node2 killed by SIGKILL
 * after step 8 of 16 makes both nodes restart their groups (node1's rank 0 exits 75 on the lost peer,
 * which without a preemption notice is restarted too); they meet again, resume from the last
 * snapshot and the job COMPLETES, with nothing left behind.
 */
class SlurmRestartResumeTest {
    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void bothNodesRestartAndResumeFromTheSnapshot() {
        LocalSlurm slurm = LocalSlurm.require();
        Launchers.requireBuilt();
        Workers.requireExampleFlags("--save-every");
        ScratchDir dir = slurm.scratch("restart-resume");
        String marker = "ddpkit-restart-" + UUID.randomUUID();
        Path job = dir.writeScript("job.sh", "#!/bin/bash\nset -euo pipefail\n"
                + "srun --kill-on-bad-exit=1 --nodes=2 --ntasks-per-node=1 " + Launchers.bin("srun-wrapper") + " --max-restarts 1 -- "
                + "bin/ddp-example elastic-ddp-cnn --epochs 1 --limit 2048 --test-limit 100 --log-interval 2 --threads 1 --progress none"
                + " --snapshot " + dir.resolve("snapshot") + " --save-every 4 --out-dir " + dir.resolve("out") + "\n");
        String id = slurm.submit(job, List.of("--nodes=2", "--ntasks-per-node=1", "--chdir=" + slurm.repoRoot(),
                "--output=" + dir.resolve("slurm-%j.out"), "--export=ALL,DDPKIT_TEST_MARK=" + marker));
        Path output = dir.resolve("slurm-" + id + ".out");
        slurm.awaitText(output, "[rank 1]: Epoch [1/1], Batch [8/16]", Duration.ofSeconds(120));
        NodeProcess victim = slurm.processes(marker).stream().filter(p -> Workers.isWorker(p.pid(), 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no rank 1 worker among " + slurm.processes(marker)));
        assertEquals("node2", victim.node());
        Workers.signal(victim.pid(), "KILL");
        SlurmJob done = slurm.awaitEnd(id, Duration.ofSeconds(150));
        String out = slurm.output(done);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + out);
        // (pids in the report are the node's: each node of the local cluster has its own PID namespace)
        assertTrue(out.matches("(?s).*srun-wrapper: restarting the worker group \\(restart 1 of 1\\): rank 1 \\(local rank 0, pid \\d+\\)"
                + " ended with signal SIGKILL \\(exit code 137\\).*"), out);
        assertTrue(out.contains("srun-wrapper: restarting the worker group (restart 1 of 1): rank 0 (local rank 0, pid "), out);
        List<String> rank0 = RankLines.of(out, 0);
        List<String> resumed = RankLines.matching(rank0, "Resuming training from snapshot at epoch 1 step ([4-9]|1\\d) .*");
        assertEquals(1, resumed.size(), "a snapshot of step 4 or later was resumed from:\n" + out);
        List<String> after = rank0.subList(rank0.indexOf(resumed.getFirst()), rank0.size());
        assertTrue(RankLines.matching(after, "Epoch \\[1/1], Batch \\[[24]/16].*").isEmpty(), "steps 1-4 are not trained again:\n" + out);
        assertEquals(1, RankLines.matching(after, "Epoch \\[1/1] completed\\..*").size(), out);
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(10)), "processes left behind by job " + id);
    }
}
