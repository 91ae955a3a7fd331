package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.CommandRunner;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real {@link Main} in a fresh JVM: exit statuses, stdout/stderr separation, one-line
 * errors and no stack traces; {@code --submit} against stand-in sbatch programs.
 */
class MainProcessTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            renders                 | 0  | --nodes 2 --gpus 2 -- bin/ddp-example elastic-ddp-cnn | #!/bin/bash       |
            bad value               | 64 | --nodes 0 -- cmd                                      |                   | jobgen: --nodes: must be >= 1, got "0"
            bad time                | 64 | --time 1:99:00 -- cmd                                 |                   | jobgen: --time: "1:99:00" is not a SLURM time (minutes must be < 60)
            unknown option          | 64 | --gpuss 2 -- cmd                                      |                   | jobgen: unknown option --gpuss; did you mean --gpus?
            missing template        | 65 | --template /nonexistent/t.mustache -- cmd             |                   | jobgen: /nonexistent/t.mustache: no such template file
            no sbatch               | 69 | --submit -- cmd                                       |                   | jobgen: --submit: sbatch not found on PATH (/nonexistent/bin)
            version                 | 0  | --version                                             | jobgen 0.1.0      |
            help                    | 0  | --help                                                | Usage: jobgen     |
            """)
    @Timeout(60)
    void exitStatusAndStreams(String what, int code, String args, String stdoutStart, String stderrStart) {
        CommandResult r = jobgen(Map.of("PATH", "/nonexistent/bin"), List.of(args.split(" ")));
        assertEquals(code, r.exitCode(), r::describe);
        assertNoStackTrace(r);
        if (stdoutStart != null) {
            assertTrue(r.stdout().startsWith(stdoutStart), r::describe);
            assertEquals("", r.stderr(), r::describe);
        } else {
            assertEquals("", r.stdout(), r::describe);
            assertTrue(r.stderr().startsWith(stderrStart), r::describe);
            assertEquals(1, r.stderr().lines().count(), r::describe);
        }
    }

    @Test
    @Timeout(60)
    void submitPrintsOnlyTheJobIdAndSendsTheScriptOnStdin() throws IOException {
        Path bin = fakeSbatch("""
                #!/bin/bash
                [ "$1" = --parsable ] || { echo "sbatch: expected --parsable, got $*" >&2; exit 2; }
                cat > "$OUT/submitted.sh"
                echo "4242;cluster"
                """);
        CommandResult r = jobgen(Map.of("PATH", bin + ":/usr/bin:/bin", "OUT", dir.toString()),
                List.of("--submit", "--nodes", "2", "--", "cmd", "it's"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("4242\n", r.stdout());
        assertEquals("", r.stderr());
        CommandResult rendered = jobgen(Map.of(), List.of("--nodes", "2", "--", "cmd", "it's"));
        String submitted = Files.readString(dir.resolve("submitted.sh"), StandardCharsets.UTF_8);
        assertEquals(rendered.stdout().replace("jobgen --nodes", "jobgen --submit --nodes"), submitted);
    }

    @Test
    @Timeout(60)
    void submitExitsWithSbatchsStatusAndPassesItsErrorsThrough() throws IOException {
        Path bin = fakeSbatch("""
                #!/bin/bash
                cat > /dev/null
                echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2
                exit 3
                """);
        CommandResult r = jobgen(Map.of("PATH", bin + ":/usr/bin:/bin"), List.of("--submit", "--partition", "nope", "--", "cmd"));
        assertEquals(3, r.exitCode(), r::describe);
        assertEquals("", r.stdout());
        assertEquals("sbatch: error: Batch job submission failed: Invalid partition name specified\n", r.stderr());
    }

    private Path fakeSbatch(String text) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sbatch = Files.writeString(bin.resolve("sbatch"), text);
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    static CommandResult jobgen(Map<String, String> env, List<String> args) {
        return jobgen(env, Path.of("").toAbsolutePath(), args);
    }

    /** Runs the real Main in a fresh JVM in {@code workDir}, with {@link Outcome#ENV} plus {@code env}. */
    static CommandResult jobgen(Map<String, String> env, Path workDir, List<String> args) {
        Map<String, String> all = new HashMap<>(Outcome.ENV);
        all.putAll(env);
        // As bin/jobgen starts it: no incubator modules (they would print a warning on stderr).
        List<String> cmd = new ArrayList<>(List.of(JavaCommand.javaBin().toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new CommandRunner(all, Duration.ofSeconds(50)).run(workDir, cmd);
    }

    static void assertNoStackTrace(CommandResult r) {
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), () -> "stack trace on stderr: " + r.describe());
    }
}
