package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ddpkit.testkit.Await;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.ddpkit.testkit.SlurmJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jobgen's scripts on the real local SLURM cluster (two nodes with 2 fake GPUs each; see
 * docs/local-slurm.md). Skipped with the reason when the cluster is not running; failing under CI.
 *
 * <p>The real srun-wrapper is not used here (it has its own tests): per-task jobs run
 * {@code /usr/bin/env} as the wrapper, which runs the command after {@code --} unchanged, and
 * per-node jobs run a tiny script that records the flags it was given.
 */
class ClusterTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    /** The worker: records its rank, node, GPUs and arguments in one file per task. */
    private static final String RECORDER = """
            #!/bin/bash
            {
              echo "rank=$SLURM_PROCID"
              echo "localid=$SLURM_LOCALID"
              echo "node=$SLURMD_NODENAME"
              echo "gpus=${CUDA_VISIBLE_DEVICES-unset}"
              echo "exported=${JOBGEN_TEST_VALUE-unset}"
              printf 'arg=%s\\n' "$@"
            } > "$(dirname "$0")/task.$SLURM_PROCID"
            """;

    @Test
    @Timeout(120)
    void canonicalJobRunsFourTasksOverTwoNodesEachSeeingItsNodesGpus() throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("canonical");
        Path worker = dir.writeScript("worker.sh", RECORDER);
        Path job = dir.write("job.sh", render(List.of("--nodes", "2", "--gpus", "2", "--wrapper", "/usr/bin/env",
                "--env", "JOBGEN_TEST_VALUE=it's $here", "--", worker.toString(), "two words", "$HOME")));
        SlurmJob done = slurm.awaitEnd(slurm.submit(job, List.of()), JOB_TIMEOUT);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + slurm.output(done));

        Map<Integer, Map<String, List<String>>> tasks = readTasks(dir.path(), 4);
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(tasks.keySet()), "ranks 0-3 ran");
        for (int rank = 0; rank < 4; rank++) {
            Map<String, List<String>> t = tasks.get(rank);
            assertEquals(List.of(rank < 2 ? "node1" : "node2"), t.get("node"), "rank " + rank + "'s node");
            assertEquals(List.of(String.valueOf(rank % 2)), t.get("localid"), "rank " + rank + "'s local rank");
            assertEquals(List.of("0,1"), t.get("gpus"), "rank " + rank + " sees both GPUs of its node");
            assertEquals(List.of("it's $here"), t.get("exported"));
            assertEquals(List.of("two words", "$HOME"), t.get("arg"));
        }
    }

    @Test
    @Timeout(120)
    void perNodeModeStartsOneWrapperPerNodeAskingForOneWorkerPerGpu() throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("per-node");
        Path worker = dir.writeScript("worker.sh", RECORDER);
        Path wrapper = dir.writeScript("wrapper.sh", """
                #!/bin/bash
                # records its flags, then runs the command after -- once (a real wrapper would start N workers)
                printf 'flag=%s\\n' "$@" > "$(dirname "$0")/wrapper.$SLURM_PROCID"
                while [ "$1" != -- ]; do shift; done; shift
                exec "$@"
                """);
        Path job = dir.write("job.sh", render(List.of("--nodes", "2", "--gpus", "2", "--launch-mode", "per-node",
                "--wrapper", wrapper.toString(), "--", worker.toString())));
        SlurmJob done = slurm.awaitEnd(slurm.submit(job, List.of()), JOB_TIMEOUT);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + slurm.output(done));

        Map<Integer, Map<String, List<String>>> tasks = readTasks(dir.path(), 2);
        assertEquals(List.of("node1"), tasks.get(0).get("node"));
        assertEquals(List.of("node2"), tasks.get(1).get("node"));
        for (int task = 0; task < 2; task++) {
            assertEquals(List.of("0,1"), tasks.get(task).get("gpus"), "the one task per node sees both GPUs");
            assertEquals("flag=--nproc-per-node\nflag=2\nflag=--\nflag=" + worker + "\n", dir.read("wrapper." + task));
        }
    }

    @Test
    @Timeout(120)
    void submitPrintsAJobIdThatScontrolKnows() {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("submit");
        String name = "jobgen submit #1 it's";
        Map<String, String> env = new HashMap<>(slurm.env());
        env.put("PATH", System.getenv("PATH"));
        CommandResult r = MainProcessTest.jobgen(env, dir.path(), List.of("--submit", "--job-name", name,
                "--wrapper", "/usr/bin/env", "--", "/bin/true"));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().matches("\\d+\n"), () -> "only the job id on stdout: " + r.describe());
        String id = r.stdout().strip();
        SlurmJob job = slurm.job(id);
        assertEquals(id, job.id());
        assertEquals(name, job.field("JobName"), "the job name passes sbatch's #SBATCH parser intact");
        SlurmJob done = slurm.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", done.state(), done::describe);
    }

    @Test
    @Timeout(120)
    void batchOnlySignalIsForwardedToEveryTask() throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("batch-signal");
        Path waiter = dir.writeScript("waiter.sh", """
                #!/bin/bash
                here=$(dirname "$0")
                trap 'echo "got USR1" > "$here/signal.$SLURM_PROCID"; exit 0' USR1
                touch "$here/ready.$SLURM_PROCID"
                while :; do sleep 0.1; done
                """);
        Path job = dir.write("job.sh", render(List.of("--nodes", "2", "--gpus", "2", "--signal", "B:USR1@60",
                "--wrapper", "/usr/bin/env", "--", waiter.toString())));
        String id = slurm.submit(job, List.of());
        for (int rank = 0; rank < 4; rank++) {
            Path ready = dir.resolve("ready." + rank);
            Await.until(ready + " to exist", JOB_TIMEOUT, () -> Files.exists(ready), exists -> exists);
        }
        slurm.scancel("--batch", "--signal=USR1", id).requireOk();
        SlurmJob done = slurm.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", done.state(), () -> done.describe() + "\n" + slurm.output(done));
        for (int rank = 0; rank < 4; rank++) {
            assertEquals("got USR1\n", dir.read("signal." + rank), "rank " + rank + " got the signal sent to the batch shell");
        }
    }

    @Test
    @Timeout(120)
    void sallocTemplateRunsWithoutATerminal() throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("salloc");
        Path worker = dir.writeScript("worker.sh", RECORDER);
        Path script = dir.write("interactive.sh", render(List.of("--template", "salloc", "--nodes", "2", "--gpus", "2",
                "--time", "5", "--wrapper", "/usr/bin/env", "--", worker.toString(), "x")));
        CommandResult r = slurm.run(dir.path(), List.of("bash", script.toString())); // stdin is /dev/null
        assertEquals(0, r.exitCode(), r::describe);
        Map<Integer, Map<String, List<String>>> tasks = readTasks(dir.path(), 4);
        for (int rank = 0; rank < 4; rank++) {
            assertEquals(List.of(rank < 2 ? "node1" : "node2"), tasks.get(rank).get("node"));
            assertEquals(List.of("0,1"), tasks.get(rank).get("gpus"));
        }
    }

    static Stream<Arguments> optionSets() {
        return Stream.of(
                Arguments.of("array with limit", List.of("--array", "0-15:2%4", "--output", "%x-%A_%a.out", "--error", "%x-%A_%a.err")),
                Arguments.of("array list", List.of("--array", "1,3,5")),
                Arguments.of("dependency all-of", List.of("--dependency", "afterok:HELD:HELD,afterany:HELD")),
                Arguments.of("dependency any-of", List.of("--dependency", "afternotok:HELD?after:HELD+5")),
                Arguments.of("dependency singleton", List.of("--dependency", "singleton", "--job-name", "one at a time")),
                Arguments.of("mail", List.of("--mail-type", "begin,end,fail,time_limit_90", "--mail-user", "me@example.org")),
                Arguments.of("exclusive", List.of("--exclusive", "--nodes", "2")),
                Arguments.of("signal and requeue", List.of("--signal", "USR2@90", "--requeue", "--time", "1-0")),
                Arguments.of("batch signal", List.of("--signal", "B:USR1@300", "--requeue", "--time", "30:00")),
                Arguments.of("resources", List.of("--nodes", "2", "--gpus", "2", "--cpus-per-task", "2", "--mem", "1G",
                        "--partition", "urgent", "--constraint", "local", "--time", "2:00:00")),
                Arguments.of("per-node", List.of("--nodes", "2", "--gpus", "2", "--launch-mode", "per-node")),
                Arguments.of("unlimited time", List.of("--time", "UNLIMITED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionSets")
    @Timeout(120)
    void sbatchTestOnlyAcceptsTheScript(String what, List<String> options) throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("test-only");
        List<String> args = new ArrayList<>();
        String held = null;
        for (String o : options) {
            if (o.contains("HELD") && held == null) {
                held = heldJob(slurm, dir);
            }
            args.add(held == null ? o : o.replace("HELD", held));
        }
        try {
            args.addAll(List.of("--wrapper", "/usr/bin/env", "--", "/bin/true"));
            Path job = dir.write("job.sh", render(args));
            CommandResult r = slurm.testOnly(job, List.of());
            assertEquals(0, r.exitCode(), () -> what + ": sbatch --test-only refuses the script\n" + r.describe());
            assertTrue(r.stderr().contains("to start at"), r::describe);
        } finally {
            if (held != null) {
                slurm.scancel(held);
            }
        }
    }

    @Test
    @Timeout(120)
    void testOnlyRefusesWhatTheClusterCannotRun() throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("test-only-refused");
        Path job = dir.write("job.sh", render(List.of("--nodes", "2", "--gpus", "3", "--", "/bin/true")));
        CommandResult r = slurm.testOnly(job, List.of());
        assertNotEquals(0, r.exitCode(), () -> "3 GPUs per node cannot fit nodes with 2, yet: " + r.describe());
    }

    /** A job held in the queue, for dependencies to name. */
    private static String heldJob(LocalSlurm slurm, ScratchDir dir) {
        Path job = dir.write("held.sh", "#!/bin/bash\ntrue\n");
        return slurm.submit(job, List.of("--hold", "--job-name=jobgen-held"));
    }

    private static String render(List<String> args) {
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(0, o.code(), o::describe);
        return o.out();
    }

    /** task.RANK files: key → values, one map per rank, sorted by rank. */
    private static Map<Integer, Map<String, List<String>>> readTasks(Path dir, int expected) throws IOException {
        Map<Integer, Map<String, List<String>>> tasks = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("task.")).toList()) {
                Map<String, List<String>> values = new TreeMap<>();
                for (String line : Files.readAllLines(f)) {
                    int eq = line.indexOf('=');
                    values.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
                }
                tasks.put(Integer.parseInt(f.getFileName().toString().substring(5)), values);
            }
        }
        assertEquals(expected, tasks.size(), () -> "task files in " + dir + ": " + tasks);
        return tasks;
    }
}
