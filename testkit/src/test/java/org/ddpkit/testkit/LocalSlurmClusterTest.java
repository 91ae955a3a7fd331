package org.ddpkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local SLURM cluster itself (scripts/local-slurm), through the testkit API other modules'
 * tests use: two nodes with 4 CPUs and 2 fake GPUs each, GPU binding, name resolution between
 * nodes, scancel, requeue and sbatch --test-only. Skipped (failed under CI) when it is not up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalSlurmClusterTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(40);
    private LocalSlurm slurm;

    @BeforeEach
    void cluster() {
        slurm = LocalSlurm.require();
    }

    @Test
    void bothNodesAreIdleWithFourCpusAndTwoGpus() {
        String expected = "node1 idle 4 gpu:2\nnode2 idle 4 gpu:2";
        String seen = Await.until("both nodes idle", Duration.ofSeconds(30),
                () -> slurm.run(List.of("sinfo", "-h", "-N", "-p", "batch", "-o", "%N %t %c %G")).requireOk().stdout().strip(),
                expected::equals);
        assertEquals(expected, seen);
    }

    static Stream<Arguments> gpuLayouts() {
        return Stream.of(
                Arguments.of("2 nodes x 2 tasks, 2 GPUs per node",
                        List.of("--nodes=2", "--ntasks-per-node=2", "--gpus-per-node=2"),
                        Set.of("node1 0 0,1", "node1 1 0,1", "node2 2 0,1", "node2 3 0,1")),
                Arguments.of("2 nodes x 2 tasks, a GPU per task",
                        List.of("--nodes=2", "--ntasks-per-node=2", "--gpus-per-task=1"),
                        Set.of("node1 0 0", "node1 1 1", "node2 2 0", "node2 3 1")),
                Arguments.of("node1 only, 2 tasks, a GPU per task",
                        List.of("--nodelist=node1", "--ntasks=2", "--gpus-per-task=1"),
                        Set.of("node1 0 0", "node1 1 1")),
                Arguments.of("2 nodes x 1 task, 1 GPU per node",
                        List.of("--nodes=2", "--ntasks-per-node=1", "--gpus-per-node=1"),
                        Set.of("node1 0 0", "node2 1 0")),
                Arguments.of("no GPU asked for",
                        List.of("--nodes=1", "--ntasks=1", "--nodelist=node2"),
                        Set.of("node2 0 none")));
    }

    /** Each task writes "HOST RANK CUDA_VISIBLE_DEVICES" into a file of its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gpuLayouts")
    void tasksRunWhereAskedAndSeeTheirGpus(String layout, List<String> sbatchArgs, Set<String> expected) {
        ScratchDir dir = slurm.scratch("gpus");
        Path job = dir.writeScript("job.sh", """
                #!/bin/bash
                set -euo pipefail
                srun bash -c 'echo "$(hostname) $SLURM_PROCID ${CUDA_VISIBLE_DEVICES:-none}" > "$1/task-$SLURM_PROCID"' task %s
                """.formatted(quote(dir.path().toString())));
        List<String> args = new ArrayList<>(sbatchArgs);
        args.add("--output=" + dir.resolve("job.out"));
        SlurmJob done = slurm.awaitEnd(slurm.submit(job, args), JOB_TIMEOUT);

        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + dir.read("job.out"));
        Set<String> seen = IntStream.range(0, expected.size())
                .mapToObj(rank -> dir.read("task-" + rank).strip())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(expected), seen, layout);
    }

    @Test
    void aTaskOnNode2ConnectsByNameToAListenerOnNode1() {
        ScratchDir dir = slurm.scratch("by-name");
        String portFile = dir.resolve("port").toString();
        String listen = quoteAll(JavaCommand.of(PeerByName.class.getName(), List.of("listen", portFile)));
        String connect = quoteAll(JavaCommand.of(PeerByName.class.getName(), List.of("connect", "node1", portFile)));
        Path job = dir.writeScript("job.sh", """
                #!/bin/bash
                set -euo pipefail
                srun bash -c 'if [ "$SLURM_PROCID" = 0 ]; then exec %s; else exec %s; fi'
                """.formatted(listen.replace("'", "'\\''"), connect.replace("'", "'\\''")));
        SlurmJob done = slurm.awaitEnd(slurm.submit(job, List.of("--nodes=2", "--ntasks-per-node=1",
                "--output=" + dir.resolve("job.out"))), JOB_TIMEOUT);

        String out = dir.read("job.out");
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + out);
        assertTrue(out.contains("node1 heard \"hello from node2\" from "), out);
    }

    @Test
    void scancelOfARunningJobLeavesNoProcessBehind() {
        ScratchDir dir = slurm.scratch("scancel");
        String marker = "ddpkit-scancel-" + UUID.randomUUID();
        Path job = dir.writeScript("job.sh", """
                #!/bin/bash
                srun bash -c 'touch "$1/started-$SLURM_PROCID"; sleep 300' task %s
                """.formatted(quote(dir.path().toString())));
        String id = slurm.submit(job, List.of("--nodes=2", "--ntasks-per-node=2",
                "--export=ALL,DDPKIT_TEST_MARKER=" + marker, "--output=" + dir.resolve("job.out")));
        Await.until("4 tasks started", JOB_TIMEOUT,
                () -> IntStream.range(0, 4).filter(r -> dir.resolve("started-" + r).toFile().exists()).count(),
                n -> n == 4);
        Set<String> nodes = slurm.processes(marker).stream().map(NodeProcess::node).collect(Collectors.toSet());
        assertEquals(Set.of("node1", "node2"), nodes, "the job's processes, found by marker, before scancel");

        slurm.scancel(id).requireOk();
        SlurmJob done = slurm.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("CANCELLED", done.state(), done::describe);
        List<NodeProcess> left = slurm.awaitNoProcesses(marker, Duration.ofSeconds(15));
        assertTrue(left.isEmpty(), () -> "left behind after scancel: " + left);
    }

    @Test
    void aRequeuedJobRunsAgainWithRestartCountOne() {
        ScratchDir dir = slurm.scratch("requeue");
        Path runs = dir.resolve("runs.txt");
        Path job = dir.writeScript("job.sh", """
                #!/bin/bash
                echo "run ${SLURM_RESTART_COUNT:-0}" >> %s
                sleep 300
                """.formatted(quote(runs.toString())));
        String id = slurm.submit(job, List.of("--requeue", "--output=" + dir.resolve("job.out")));
        slurm.awaitText(runs, "run 0", JOB_TIMEOUT);

        long t0 = System.nanoTime();
        slurm.requeue(id);
        slurm.awaitText(runs, "run 1", JOB_TIMEOUT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("local-slurm: requeued job %s ran again after %.1f s%n", id, seconds);
        SlurmJob running = slurm.awaitState(id, "RUNNING", JOB_TIMEOUT);
        slurm.scancel(id).requireOk();

        assertEquals(1, running.restarts(), running::describe);
        assertEquals(List.of("run 0", "run 1"), dir.read("runs.txt").strip().lines().toList());
        assertTrue(seconds < 30, "requeue took " + seconds + " s: is cred_expire=10 still in AuthInfo?");
        assertEquals("CANCELLED", slurm.awaitEnd(id, JOB_TIMEOUT).state());
    }

    /** Partition "urgent" preempts "batch": the victim gets its --signal, then TERM, and is requeued. */
    @Test
    void anUrgentJobPreemptsARequeueableBatchJobWhichRunsAgain() {
        ScratchDir dir = slurm.scratch("preempt");
        Path events = dir.resolve("events.txt");
        Path victim = dir.writeScript("victim.sh", """
                #!/bin/bash
                log() { echo "$1" >> %s; }
                trap 'log USR2' USR2
                trap 'log TERM; exit 0' TERM
                log "start ${SLURM_RESTART_COUNT:-0}"
                for i in $(seq 3000); do sleep 0.1; done
                """.formatted(quote(events.toString())));
        String victimId = slurm.submit(victim, List.of("--requeue", "--signal=B:USR2@600", "--nodelist=node2",
                "--exclusive", "--output=" + dir.resolve("victim.out")));
        slurm.awaitText(events, "start 0", JOB_TIMEOUT);

        Path urgent = dir.writeScript("urgent.sh", "#!/bin/bash\nhostname\n");
        String urgentId = slurm.submit(urgent, List.of("--partition=urgent", "--nodelist=node2", "--exclusive",
                "--output=" + dir.resolve("urgent.out")));
        SlurmJob urgentDone = slurm.awaitEnd(urgentId, JOB_TIMEOUT);
        slurm.awaitText(events, "start 1", JOB_TIMEOUT);
        SlurmJob again = slurm.job(victimId);
        List<String> seen = dir.read("events.txt").strip().lines().toList(); // before scancel's own TERM
        slurm.scancel(victimId).requireOk();
        slurm.awaitEnd(victimId, JOB_TIMEOUT); // node2 free again for the next test

        assertEquals("COMPLETED", urgentDone.state(), urgentDone::describe);
        assertEquals(List.of("start 0", "USR2", "TERM", "start 1"), seen);
        assertEquals(1, again.restarts(), again::describe);
    }

    static Stream<Arguments> testOnlyRequests() {
        return Stream.of(
                Arguments.of(List.of("--nodes=2", "--gpus-per-node=2", "--ntasks-per-node=2"), true),
                Arguments.of(List.of("--ntasks=8", "--cpus-per-task=1"), true),
                Arguments.of(List.of("--array=0-3%2"), true),
                Arguments.of(List.of("--dependency=singleton"), true),
                Arguments.of(List.of("--exclusive"), true),
                Arguments.of(List.of("--signal=USR2@90", "--requeue"), true),
                Arguments.of(List.of("--mail-type=END", "--mail-user=someone@example.org"), true),
                Arguments.of(List.of("--partition=urgent", "--constraint=local"), true),
                Arguments.of(List.of("--mem=16G", "--time=1-00:00:00"), true),
                Arguments.of(List.of("--nodes=3"), false),
                Arguments.of(List.of("--gpus-per-node=3"), false),
                Arguments.of(List.of("--cpus-per-task=5"), false),
                Arguments.of(List.of("--mem=17G"), false),
                Arguments.of(List.of("--partition=nosuch"), false),
                Arguments.of(List.of("--constraint=nosuch"), false));
    }

    /** EnforcePartLimits=ALL: a request the cluster can never satisfy is refused at once. */
    @ParameterizedTest(name = "{0} accepted={1}")
    @MethodSource("testOnlyRequests")
    void sbatchTestOnlyAcceptsWhatTheClusterCanRun(List<String> args, boolean accepted) {
        ScratchDir dir = slurm.scratch("test-only");
        Path job = dir.writeScript("job.sh", "#!/bin/bash\ntrue\n");
        CommandResult r = slurm.testOnly(job, args);
        assertEquals(accepted, r.ok(), r::describe);
        if (accepted) {
            assertTrue(r.stderr().contains("to start at"), r::describe);
        }
    }

    @Test
    void sallocRunsItsCommandWithoutATerminal() {
        ScratchDir dir = slurm.scratch("salloc");
        CommandResult r = slurm.salloc(dir.path(), List.of("--nodes=2", "--gpus-per-node=1", "srun", "hostname"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(List.of("node1", "node2"), r.stdout().lines().sorted().toList());
        assertFalse(r.stderr().contains("error"), r::describe);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String quoteAll(List<String> words) {
        return words.stream().map(LocalSlurmClusterTest::quote).collect(Collectors.joining(" "));
    }
}
