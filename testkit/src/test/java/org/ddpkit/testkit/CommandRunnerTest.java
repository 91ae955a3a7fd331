package org.ddpkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real child processes: exit codes, both streams, the extra environment and the time limit. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandRunnerTest {
    private final CommandRunner runner = new CommandRunner(Map.of("DDPKIT_TEST_VAR", "it's set"), Duration.ofSeconds(10));

    @Test
    void capturesExitCodeBothStreamsAndTheExtraEnvironment() {
        CommandResult r = runner.run(Path.of("/"), List.of("bash", "-c", "echo \"$DDPKIT_TEST_VAR\"; pwd; echo oops >&2; exit 3"));
        assertEquals(List.of(3, "it's set\n/\n", "oops\n"), List.of(r.exitCode(), r.stdout(), r.stderr()));
        AssertionError e = assertThrows(AssertionError.class, r::requireOk);
        assertTrue(e.getMessage().contains("exit 3") && e.getMessage().contains("oops"), e.getMessage());
    }

    @Test
    void killsACommandThatOutlivesItsTimeLimit() {
        long t0 = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> runner.withTimeout(Duration.ofMillis(300)).run(Path.of("/"), List.of("sleep", "20")));
        assertTrue(e.getMessage().startsWith("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the runner waited for sleep to finish");
    }

    @Test
    void aMissingProgramIsAnAssertionErrorNamingIt() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> runner.run(Path.of("/"), List.of("/nonexistent/ddpkit-no-such-program")));
        assertTrue(e.getMessage().contains("/nonexistent/ddpkit-no-such-program"), e.getMessage());
    }

    @Test
    void exportLinesOfLocalSlurmEnvBecomeVariables() {
        assertEquals(Map.of("SLURM_CONF", "/tmp/x y/slurm.conf", "A", "b"),
                LocalSlurm.parseExports("export SLURM_CONF='/tmp/x y/slurm.conf'\nexport A=b\n# comment\n"));
        assertThrows(AssertionError.class, () -> LocalSlurm.parseExports("export A=b\n"));
    }
}
