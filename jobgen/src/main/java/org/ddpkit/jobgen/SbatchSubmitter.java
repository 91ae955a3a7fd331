package org.ddpkit.jobgen;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * {@code --submit}: runs {@code sbatch --parsable} (found on the PATH of the given environment)
 * through Commons Exec with the script on its stdin, passes sbatch's stderr through, and returns
 * the job id it printed and its exit status.
 */
final class SbatchSubmitter {
    /** What sbatch answered: its exit status and, on success, the job id. */
    record Result(int exitCode, Optional<String> jobId) {}

    private final Map<String, String> env;
    private final OutputStream err;
    private final Duration timeout;

    SbatchSubmitter(Map<String, String> env, OutputStream err, Duration timeout) {
        this.env = Map.copyOf(env);
        this.err = err;
        this.timeout = timeout;
    }

    Result submit(String script) {
        Path sbatch = findOnPath("sbatch").orElseThrow(() -> new JobgenException(JobgenException.UNAVAILABLE,
                "--submit: sbatch not found on PATH (" + env.getOrDefault("PATH", "unset")
                        + "); install SLURM's client commands, or write the script to a file and submit it where sbatch is"));
        CommandLine cmd = new CommandLine(sbatch.toString()).addArgument("--parsable", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setStreamHandler(new PumpStreamHandler(out, err,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8))));
        int status;
        try {
            status = executor.execute(cmd, env);
        } catch (IOException e) {
            throw new JobgenException(JobgenException.UNAVAILABLE, "--submit: cannot run " + sbatch + ": " + e.getMessage());
        }
        if (watchdog.killedProcess()) {
            throw new JobgenException(JobgenException.TEMPORARY, "--submit: sbatch gave no answer within "
                    + timeout.toSeconds() + " s; is slurmctld up? (scontrol ping)");
        }
        if (status != 0) {
            return new Result(status, Optional.empty());
        }
        String answer = out.toString(StandardCharsets.UTF_8).strip();
        String id = answer.lines().findFirst().orElse("").split(";", 2)[0];
        if (!id.matches("\\d+")) {
            throw new JobgenException(JobgenException.INTERNAL, "--submit: sbatch --parsable printed "
                    + (answer.isEmpty() ? "nothing" : "\"" + answer + "\"") + " instead of a job id");
        }
        return new Result(0, Optional.of(id));
    }

    private Optional<Path> findOnPath(String name) {
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
