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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs rendered scripts with bash, with stand-ins for {@code srun} and {@code module} on PATH
 * that record what they were given: the words reach srun exactly as passed to jobgen, exported
 * values arrive intact, sections run in order, failures stop the script, srun's status is the
 * script's, and a batch-only notice signal is forwarded to srun.
 */
class ScriptRunTest {
    private static final List<String> HARD = List.of("two words", "it's", "a\"b", "$HOME", "`id`", "back\\slash",
            "", "new\nline", "*", "~", "#x", "ünï", "tab\tx", "--");

    @TempDir
    Path dir;
    private Path fakeBin;

    @BeforeEach
    void fakeCommands() throws IOException {
        fakeBin = Files.createDirectories(dir.resolve("bin"));
        script(fakeBin.resolve("srun"), """
                #!/bin/bash
                printf '%s\\0' "$@" > "$OUT/srun.args"
                echo srun >> "$OUT/log"
                env -0 > "$OUT/srun.env"
                if [ -n "${WAIT_FOR:-}" ]; then
                  trap 'echo "$WAIT_FOR" > "$OUT/srun.signal"; exit 7' "$WAIT_FOR"
                  touch "$OUT/srun.ready"
                  while :; do sleep 0.05; done
                fi
                exit "${SRUN_EXIT:-0}"
                """);
        script(fakeBin.resolve("module"), """
                #!/bin/bash
                echo "module $*" >> "$OUT/log"
                """);
    }

    @Test
    @Timeout(30)
    void commandWordsReachSrunExactly() throws Exception {
        List<String> args = new ArrayList<>(List.of("--nodes", "2", "--gpus", "2", "--wrapper", "/w dir/wrap", "--", "cmd"));
        args.addAll(HARD);
        assertEquals(0, runScript(render(args), Map.of()).waitFor());
        List<String> expected = new ArrayList<>(List.of("--kill-on-bad-exit=1", "--nodes=2", "--ntasks-per-node=2",
                "--gpus-per-node=2", "/w dir/wrap", "--", "cmd"));
        expected.addAll(HARD);
        assertEquals(expected, nulSeparated(dir.resolve("srun.args")));
    }

    @Test
    @Timeout(30)
    void exportedValuesArriveIntactAndSectionsRunInOrder() throws Exception {
        List<String> args = new ArrayList<>(List.of("--module", "cuda/12", "--module", "nccl",
                "--setup", "echo \"setup one $EXPORTED_0\" >> \"$OUT/log\"", "--setup", "echo 'setup two' >> \"$OUT/log\""));
        for (int i = 0; i < HARD.size(); i++) {
            args.add("--env");
            args.add("EXPORTED_" + i + "=" + HARD.get(i));
        }
        args.addAll(List.of("--", "cmd"));
        assertEquals(0, runScript(render(args), Map.of()).waitFor());
        List<String> env = nulSeparated(dir.resolve("srun.env"));
        for (int i = 0; i < HARD.size(); i++) {
            assertTrue(env.contains("EXPORTED_" + i + "=" + HARD.get(i)), "EXPORTED_" + i + " arrives as " + HARD.get(i));
        }
        assertEquals(List.of("module load cuda/12", "module load nccl", "setup one two words", "setup two", "srun"),
                Files.readAllLines(dir.resolve("log")));
    }

    @Test
    @Timeout(30)
    void aFailingSetupLineStopsTheScriptBeforeSrun() throws Exception {
        Process p = runScript(render(List.of("--setup", "false", "--", "cmd")), Map.of());
        assertEquals(1, p.waitFor());
        assertFalse(Files.exists(dir.resolve("srun.args")), "srun must not run after a failed setup line");
    }

    @ParameterizedTest(name = "signal {0}")
    @ValueSource(strings = {"USR2@90", "B:USR2@90"})
    @Timeout(30)
    void theScriptExitsWithSrunsStatus(String signal) throws Exception {
        Process p = runScript(render(List.of("--signal", signal, "--", "cmd")), Map.of("SRUN_EXIT", "3"));
        assertEquals(3, p.waitFor());
    }

    @Test
    @Timeout(30)
    void aBatchOnlySignalIsForwardedToSrun() throws Exception {
        Process p = runScript(render(List.of("--signal", "B:USR1@60", "--", "cmd")), Map.of("WAIT_FOR", "USR1"));
        Await.until("the stand-in srun to be ready", Duration.ofSeconds(20),
                () -> Files.exists(dir.resolve("srun.ready")), ready -> ready);
        new ProcessBuilder("kill", "-USR1", String.valueOf(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertEquals(7, p.waitFor(), "the script ends with srun's status after forwarding the signal");
        assertEquals("USR1", Files.readString(dir.resolve("srun.signal")).strip());
    }

    private Path render(List<String> args) throws IOException {
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(0, o.code(), o::describe);
        return script(dir.resolve("job.sh"), o.out());
    }

    private Process runScript(Path script, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        pb.environment().put("OUT", dir.toString());
        pb.environment().putAll(extraEnv);
        return pb.start();
    }

    static Path script(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    static List<String> nulSeparated(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        words.removeLast();
        return words;
    }
}
