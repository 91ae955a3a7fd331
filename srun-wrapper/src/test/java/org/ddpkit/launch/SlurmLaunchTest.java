package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.ddpkit.testkit.JavaCommand;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bin/srun-wrapper under real srun on the local 2-node cluster. Two jobs run at the same time on
 * the same nodes: "tasks" (2 nodes × 2 tasks with the nodes' 2 GPUs, per-task mode) and "nodes"
 * (2 nodes × 1 task, --nproc-per-node 2, no GPUs); each worker writes its variables, rank 0 listens at
 * MASTER_ADDR:MASTER_PORT and rank 3 (on node2) connects to it.
 */
@Timeout(240)
class SlurmLaunchTest {
    static final Duration JOB_END = Duration.ofSeconds(150);
    /** $1 = this job's name, $2 = the other job's; env OUT = the scratch directory. */
    static final String WORKER = """
            set -u
            D="$OUT/$1"; mkdir -p "$D"
            echo "$RANK $LOCAL_RANK $WORLD_SIZE $LOCAL_WORLD_SIZE $GROUP_RANK $MASTER_ADDR $MASTER_PORT $(hostname) $DDPKIT_RUN_ID ${CUDA_VISIBLE_DEVICES:-unset}" > "$D/rank_$RANK"
            wait_for() { for i in $(seq 900); do [ -f "$1" ] && return 0; sleep 0.1; done; return 1; }
            case $RANK in
              0) echo "$MASTER_PORT" > "$D/port"
                 "${LISTENER[@]}" "$MASTER_ADDR" "$MASTER_PORT" "$D/listening" "$D/received" || exit 11
                 wait_for "$OUT/$2/port" || exit 12 ;;   # keep the job running until the other one runs too
              3) wait_for "$D/listening" || exit 13
                 exec 3<>"/dev/tcp/$MASTER_ADDR/$MASTER_PORT" || exit 14
                 echo "hello from rank 3 on $(hostname)" >&3
                 read -r reply <&3; echo "$reply" > "$D/reply" ;;
            esac
            """;

    static LocalSlurm slurm;
    static ScratchDir dir;
    static SlurmJob tasks;
    static SlurmJob nodes;

    @BeforeAll
    static void runTwoJobsAtOnce() {
        slurm = LocalSlurm.require();
        Path wrapper = InstalledWrapper.require(slurm.repoRoot());
        dir = slurm.scratch("srun-wrapper-launch");
        String listener = JavaCommand.of(PortListener.class.getName(), List.of()).stream().map(InstalledWrapper::quote)
                .collect(Collectors.joining(" "));
        Path worker = dir.writeScript("worker.sh", "#!/bin/bash\nLISTENER=(" + listener + ")\n" + WORKER);
        String head = "#!/bin/bash\nexport OUT=" + InstalledWrapper.quote(dir.toString()) + "\n";
        Path jobTasks = dir.writeScript("tasks.sh", head + "srun --kill-on-bad-exit=1 " + wrapper + " -- " + worker + " tasks nodes\n");
        Path jobNodes = dir.writeScript("nodes.sh", head + "srun --kill-on-bad-exit=1 " + wrapper + " --nproc-per-node 2 -- "
                + worker + " nodes tasks\n");
        String idTasks = slurm.submit(jobTasks, List.of("--nodes=2", "--ntasks-per-node=2", "--gpus-per-node=2",
                "--output=" + dir.resolve("tasks.out")));
        String idNodes = slurm.submit(jobNodes, List.of("--nodes=2", "--ntasks-per-node=1", "--cpus-per-task=1",
                "--output=" + dir.resolve("nodes.out")));
        tasks = slurm.awaitEnd(idTasks, JOB_END);
        nodes = slurm.awaitEnd(idNodes, JOB_END);
    }

    @Test
    void perTaskModeGivesRanks0To3AndOneMaster() throws IOException {
        checkWorld(tasks, "tasks");
    }

    @Test
    void perNodeModeGivesRanks0To3AndOneMaster() throws IOException {
        checkWorld(nodes, "nodes");
    }

    @Test
    void everyTaskSeeingBothGpusGetsTheLocalRankThEntry() {
        for (int rank = 0; rank < 4; rank++) {
            String[] tasksVars = dir.read("tasks/rank_" + rank).trim().split(" ");
            assertEquals(Integer.toString(rank % 2), tasksVars[9], "CUDA_VISIBLE_DEVICES of rank " + rank + " (SLURM gave each task 0,1)");
            assertEquals("unset", dir.read("nodes/rank_" + rank).trim().split(" ")[9], "no GPUs asked for, none bound");
        }
    }

    @Test
    void rank3OnNode2ReachesRank0AtMasterAddrAndPort() throws IOException {
        for (String job : List.of("tasks", "nodes")) {
            assertEquals("hello from rank 3 on node2", dir.read(job + "/received").split(" \\(from")[0].trim(), job);
            assertEquals("ok", dir.read(job + "/reply").trim(), job);
        }
    }

    @Test
    void twoJobsAtOnceOnTheSameNodesGetDifferentPorts() {
        assertTrue(tasks.nodeList().equals(nodes.nodeList()), tasks + " / " + nodes);
        int a = Integer.parseInt(dir.read("tasks/port").trim());
        int b = Integer.parseInt(dir.read("nodes/port").trim());
        assertNotEquals(a, b);
        assertTrue(Math.abs(a - b) >= 2, "the (port, port+1) pairs must not overlap: " + a + ", " + b);
    }

    private static void checkWorld(SlurmJob job, String name) throws IOException {
        assertEquals("COMPLETED", job.state(), () -> job.describe() + "\n" + slurm.output(job));
        Set<String> masters = new HashSet<>();
        Set<String> runIds = new HashSet<>();
        for (int rank = 0; rank < 4; rank++) {
            String[] v = dir.read(name + "/rank_" + rank).trim().split(" ");
            assertEquals(Integer.toString(rank), v[0]);
            assertEquals(Integer.toString(rank % 2), v[1], "LOCAL_RANK of rank " + rank);
            assertEquals(List.of("4", "2", Integer.toString(rank / 2)), List.of(v[2], v[3], v[4]), "sizes and GROUP_RANK of rank " + rank);
            assertEquals("node" + (rank / 2 + 1), v[7], "host of rank " + rank);
            masters.add(v[5] + ":" + v[6]);
            runIds.add(v[8]);
        }
        assertEquals(1, masters.size(), masters::toString);
        assertTrue(masters.iterator().next().startsWith("node1:"), masters::toString);
        assertEquals(Set.of(job.id() + ".0"), runIds);
        assertTrue(Files.exists(dir.resolve(name + "/listening")));
    }
}
