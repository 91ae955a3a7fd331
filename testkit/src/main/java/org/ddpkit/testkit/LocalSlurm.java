package org.ddpkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The local SLURM test cluster that {@code scripts/local-slurm start} runs (two nodes, node1 and
 * node2, each with 4 CPUs and 2 fake GPUs; see docs/local-slurm.md), seen from a test.
 *
 * <p>Every command runs with the environment that {@code scripts/local-slurm env} prints
 * (SLURM_CONF), so tests work whether or not the test JVM has it. Typical use:
 *
 * <pre>{@code
 * LocalSlurm slurm = LocalSlurm.require();                  // skips (fails under CI) when down
 * ScratchDir dir = slurm.scratch("two-nodes");
 * Path job = dir.writeScript("job.sh", "#!/bin/bash\nsrun hostname\n");
 * String id = slurm.submit(job, List.of("--nodes=2", "--output=" + dir.resolve("out.txt")));
 * SlurmJob done = slurm.awaitEnd(id, Duration.ofSeconds(30));
 * assertEquals("COMPLETED", done.state(), done::describe);
 * String output = slurm.output(done);
 * }</pre>
 *
 * <p>Batch jobs start within about a second of submission (the scheduler runs every second);
 * a requeued job starts again after about 11 s (the credential expiry of 10 s).
 */
public final class LocalSlurm {
    /** How long a client command (sbatch, scontrol, ...) may run before the test fails. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** How long a cluster that should be up may take to look usable (a node finishing a job). */
    private static final Duration STATUS_PATIENCE = Duration.ofSeconds(30);

    private static volatile LocalSlurm found;
    private static volatile String missing;

    private final Path repoRoot;
    private final CommandRunner runner;

    private LocalSlurm(Path repoRoot, Map<String, String> env) {
        this.repoRoot = repoRoot;
        this.runner = new CommandRunner(env, COMMAND_TIMEOUT);
    }

    /**
     * The running local cluster; when it is not running, skips the calling test with the reason
     * printed, or fails it under CI (see {@link Requirements#require}). Checked once per JVM:
     * call it from {@code @BeforeEach} (or each test) so that every test reports its skip.
     */
    public static LocalSlurm require() {
        LocalSlurm slurm = found;
        if (slurm == null) {
            synchronized (LocalSlurm.class) {
                if (found == null && missing == null) {
                    probe();
                }
                slurm = found;
            }
        }
        Requirements.require(slurm != null, missing);
        return slurm;
    }

    /** Asks {@code scripts/local-slurm status}; sets {@link #found} or {@link #missing}. */
    private static void probe() {
        Path root = JavaCommand.repoRoot();
        Path script = root.resolve("scripts/local-slurm");
        CommandRunner plain = new CommandRunner(Map.of(), COMMAND_TIMEOUT);
        CommandResult status = plain.run(root, List.of(script.toString(), "status"));
        // Where the cluster is meant to be up (run-tests exported SLURM_CONF), a node may be busy
        // finishing an earlier test's job for a moment: ask again for up to STATUS_PATIENCE.
        long deadline = System.nanoTime() + STATUS_PATIENCE.toNanos();
        while (!status.ok() && System.getenv("SLURM_CONF") != null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = plain.run(root, List.of(script.toString(), "status"));
        }
        if (!status.ok()) {
            missing = "the local SLURM cluster is not running (start it as root: scripts/local-slurm start); "
                    + "status said: " + status.stderr().strip();
            return;
        }
        CommandResult env = plain.run(root, List.of(script.toString(), "env")).requireOk();
        found = new LocalSlurm(root, parseExports(env.stdout()));
    }

    /** The variables of {@code export K=V} lines, as {@code scripts/local-slurm env} prints them. */
    static Map<String, String> parseExports(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("export ") && l.indexOf('=') > 7) {
                String kv = l.substring(7);
                String value = kv.substring(kv.indexOf('=') + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(kv.substring(0, kv.indexOf('=')), value);
            }
        }
        if (!env.containsKey("SLURM_CONF")) {
            throw new AssertionError("scripts/local-slurm env printed no SLURM_CONF: \"" + text.strip() + "\"");
        }
        return Map.copyOf(env);
    }

    /** Variables a child process needs to use this cluster (SLURM_CONF); add them to your own ProcessBuilder. */
    public Map<String, String> env() {
        return runner.env();
    }

    /** The checkout's root directory (the nodes see it at the same path). */
    public Path repoRoot() {
        return repoRoot;
    }

    /** A fresh scratch directory for one test, visible from the nodes: see {@link ScratchDir}. */
    public ScratchDir scratch(String name) {
        return ScratchDir.create(name);
    }

    /** Runs any command with this cluster's environment in {@code workDir}; never throws on a non-zero exit. */
    public CommandResult run(Path workDir, List<String> command) {
        return runner.run(workDir, command);
    }

    /** Runs any command with this cluster's environment in the repository root. */
    public CommandResult run(List<String> command) {
        return run(repoRoot, command);
    }

    /**
     * Submits {@code script} with {@code sbatch --parsable ARGS SCRIPT} from the script's
     * directory and returns the job id; an {@link AssertionError} with sbatch's message when it
     * refuses.
     */
    public String submit(Path script, List<String> sbatchArgs) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(sbatchArgs);
        cmd.add(script.toAbsolutePath().toString());
        String out = run(script.toAbsolutePath().getParent(), cmd).requireOk().stdout().strip();
        return out.split(";", 2)[0]; // "ID" or "ID;CLUSTER"
    }

    /** {@code sbatch --test-only ARGS SCRIPT}: exit 0 when SLURM would accept the job (nothing runs). */
    public CommandResult testOnly(Path script, List<String> sbatchArgs) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--test-only"));
        cmd.addAll(sbatchArgs);
        cmd.add(script.toAbsolutePath().toString());
        return run(script.toAbsolutePath().getParent(), cmd);
    }

    /** {@code sbatch ARGS} as given, from {@code workDir}. */
    public CommandResult sbatch(Path workDir, List<String> args) {
        return run(workDir, prepend("sbatch", args));
    }

    /** {@code srun ARGS} from {@code workDir}: blocks until the step ends. */
    public CommandResult srun(Path workDir, List<String> args) {
        return run(workDir, prepend("srun", args));
    }

    /** {@code salloc ARGS} from {@code workDir} (give it a command: there is no terminal). */
    public CommandResult salloc(Path workDir, List<String> args) {
        return run(workDir, prepend("salloc", args));
    }

    /** {@code scontrol ARGS}. */
    public CommandResult scontrol(String... args) {
        return run(prepend("scontrol", List.of(args)));
    }

    /** {@code scancel ARGS}, e.g. {@code scancel(id)} or {@code scancel("--signal=USR2", id)}. */
    public CommandResult scancel(String... args) {
        return run(prepend("scancel", List.of(args)));
    }

    /** {@code scontrol requeue ID}; fails the test when SLURM refuses. */
    public void requeue(String jobId) {
        scontrol("requeue", jobId).requireOk();
    }

    /** The job as {@code scontrol show job -o ID} reports it now (an array's first task for an array id). */
    public SlurmJob job(String jobId) {
        return jobs(jobId).getFirst();
    }

    /** Every record {@code scontrol show job -o ID} prints: one, or one per task of an array. */
    public List<SlurmJob> jobs(String jobId) {
        CommandResult r = scontrol("show", "job", "-o", jobId);
        if (!r.ok() || r.stdout().isBlank()) {
            throw new AssertionError("scontrol does not know job " + jobId + ": " + r.describe());
        }
        return SlurmJob.parseAll(r.stdout());
    }

    /** Polls until the job has ended (see {@link SlurmJob#ended()}); fails after {@code timeout}. */
    public SlurmJob awaitEnd(String jobId, Duration timeout) {
        return awaitJob(jobId, "the end of job " + jobId, timeout, SlurmJob::ended);
    }

    /** Polls until the job is in {@code state} (e.g. RUNNING); fails after {@code timeout} or if it ended first. */
    public SlurmJob awaitState(String jobId, String state, Duration timeout) {
        SlurmJob job = awaitJob(jobId, "job " + jobId + " to be " + state, timeout,
                j -> j.state().equals(state) || j.ended());
        if (!job.state().equals(state)) {
            throw new AssertionError("job " + jobId + " ended before it was " + state + ": " + job.describe());
        }
        return job;
    }

    /** Polls {@code scontrol show job} until {@code done} accepts the job; fails after {@code timeout}. */
    public SlurmJob awaitJob(String jobId, String what, Duration timeout, Predicate<SlurmJob> done) {
        return Await.until(what, timeout, () -> job(jobId), done);
    }

    /** The text of the job's StdOut file. */
    public String output(SlurmJob job) {
        try {
            return Files.readString(Path.of(job.stdOut()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + job.describe(), e);
        }
    }

    /** Polls until {@code file} exists and contains {@code text}; returns its content. */
    public String awaitText(Path file, String text, Duration timeout) {
        return Await.until("\"" + text + "\" in " + file, timeout, () -> readOrEmpty(file), s -> s.contains(text));
    }

    /**
     * Live processes (on the nodes, or on this machine outside them) whose command line or
     * environment contains {@code marker}. Give a job a unique marker (an argument, or a
     * variable exported to it) to check that none of its processes are left behind.
     */
    public List<NodeProcess> processes(String marker) {
        return ProcessTable.withMarker(marker);
    }

    /** Polls until no process carries {@code marker}; returns those still alive at the deadline (empty: all gone). */
    public List<NodeProcess> awaitNoProcesses(String marker, Duration timeout) {
        try {
            return Await.until("no process carrying " + marker, timeout, () -> processes(marker), List::isEmpty);
        } catch (AssertionError timedOut) {
            return processes(marker);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> cmd = new ArrayList<>(rest.size() + 1);
        cmd.add(first);
        cmd.addAll(rest);
        return cmd;
    }
}
