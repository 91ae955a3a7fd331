package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.ddpkit.testkit.Await;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.NodeProcess;
import org.ddpkit.testkit.ScratchDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** scancel of a job running bin/srun-wrapper leaves no wrapper, worker or worker child behind on any node. */
@Timeout(180)
class SlurmCancelTest {
    @Test
    void scancelLeavesNoWorkerProcessBehind() {
        LocalSlurm slurm = LocalSlurm.require();
        Path wrapper = InstalledWrapper.require(slurm.repoRoot());
        ScratchDir dir = slurm.scratch("srun-wrapper-scancel");
        String marker = "ddpkit-scancel-" + UUID.randomUUID();
        Path worker = dir.writeScript("worker.sh", """
                #!/bin/bash
                sleep 600 &
                touch "$OUT/ready_$RANK"
                trap 'exit 0' TERM   # a worker that exits on TERM but leaves its child running
                wait
                """);
        Path job = dir.writeScript("job.sh", "#!/bin/bash\nexport OUT=" + InstalledWrapper.quote(dir.toString())
                + " DDPKIT_TEST_MARKER=" + marker + "\nsrun " + wrapper + " --nproc-per-node 2 -- " + worker + "\n");
        String id = slurm.submit(job, List.of("--nodes=2", "--ntasks-per-node=1", "--cpus-per-task=1", "--output=" + dir.resolve("out.txt")));
        Await.until("4 workers ready", Duration.ofSeconds(120), () -> List.of(0, 1, 2, 3).stream()
                .filter(r -> Files.exists(dir.resolve("ready_" + r))).count(), n -> n == 4);
        List<NodeProcess> running = slurm.processes(marker);
        assertFalse(running.stream().noneMatch(p -> p.node().equals("node2") && p.commandLine().startsWith("sleep")),
                "the marker finds the workers' children: " + running);
        slurm.scancel(id).requireOk();
        slurm.awaitEnd(id, Duration.ofSeconds(60));
        assertEquals(List.of(), slurm.awaitNoProcesses(marker, Duration.ofSeconds(30)), "left behind after scancel");
    }
}
