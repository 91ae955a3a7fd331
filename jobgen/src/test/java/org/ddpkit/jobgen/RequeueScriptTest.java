package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ddpkit.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --requeue} scripts run by bash with stand-ins for {@code srun}, {@code scontrol} and
 * {@code sbatch} that record their arguments: which step endings run the job again, with which
 * command, how a notice that reaches only the batch shell is passed on to srun, and where the
 * cap stops it. The same scripts on the real cluster: {@link ClusterTest} and the examples'
 * Preempt tests.
 */
class RequeueScriptTest {
    @TempDir
    Path dir;
    private Path fakeBin;

    @BeforeEach
    void fakeCommands() throws IOException {
        fakeBin = Files.createDirectories(dir.resolve("bin"));
        ScriptRunTest.script(fakeBin.resolve("srun"), """
                #!/bin/bash
                if [ -n "${WAIT_FOR:-}" ]; then
                  trap 'echo "$WAIT_FOR" >> "$OUT/srun.signal"; exit "${SIGNAL_EXIT:-7}"' "$WAIT_FOR"
                  echo $$ > "$OUT/srun.pid" && mv "$OUT/srun.pid" "$OUT/srun.ready"
                  while :; do sleep 0.05; done
                fi
                exit "${SRUN_EXIT:-0}"
                """);
        for (String name : List.of("scontrol", "sbatch")) {
            ScriptRunTest.script(fakeBin.resolve(name), """
                    #!/bin/bash
                    printf '%s\\0' "$@" > "$OUT/NAME.args"
                    [ NAME = sbatch ] && echo '4242;cluster'
                    exit "${STATUS_VARIABLE:-0}"
                    """.replace("STATUS_VARIABLE", name.toUpperCase(java.util.Locale.ROOT) + "_EXIT").replace("NAME", name));
        }
    }

    /** What the script should do: its status, scontrol's or sbatch's arguments (null: not run). */
    record Expect(int status, List<String> scontrol, List<String> sbatch) {}

    private static final String JOB = "77";
    private static final List<String> REQUEUE = List.of("requeue", JOB);

    static Stream<Arguments> cases() {
        List<String> scontrol = List.of("--requeue");
        List<String> resubmit = List.of("--requeue", "--requeue-mode", "resubmit", "--max-requeues", "2");
        return Stream.of(
                row("status 75 requeues", scontrol, Map.of("SRUN_EXIT", "75"), null, new Expect(0, REQUEUE, null)),
                row("status 0 ends the job", scontrol, Map.of("SRUN_EXIT", "0"), null, new Expect(0, null, null)),
                row("a failure ends the job", scontrol, Map.of("SRUN_EXIT", "1"), null, new Expect(1, null, null)),
                row("killed after the notice requeues", scontrol, Map.of("SIGNAL_EXIT", "143"), "USR2", new Expect(0, REQUEUE, null)),
                row("USR2@90 (steps signalled) sent to the batch shell too requeues", List.of("--requeue", "--signal", "USR2@90"),
                        Map.of("SIGNAL_EXIT", "143"), "USR2", new Expect(0, REQUEUE, null)),
                row("done despite the notice ends", scontrol, Map.of("SIGNAL_EXIT", "0"), "USR2", new Expect(0, null, null)),
                row("B:USR1 notice requeues", List.of("--requeue", "--signal", "B:USR1@60"), Map.of("SIGNAL_EXIT", "137"), "USR1",
                        new Expect(0, REQUEUE, null)),
                row("below the cap requeues", List.of("--requeue", "--max-requeues", "3"),
                        Map.of("SRUN_EXIT", "75", "SLURM_RESTART_COUNT", "2"), null, new Expect(0, REQUEUE, null)),
                row("at the cap ends with 75", List.of("--requeue", "--max-requeues", "3"),
                        Map.of("SRUN_EXIT", "75", "SLURM_RESTART_COUNT", "3"), null, new Expect(75, null, null)),
                row("--max-requeues 0 never requeues", List.of("--requeue", "--max-requeues", "0"),
                        Map.of("SRUN_EXIT", "75"), null, new Expect(75, null, null)),
                row("scontrol refused ends with 75", scontrol, Map.of("SRUN_EXIT", "75", "SCONTROL_EXIT", "1"), null,
                        new Expect(75, REQUEUE, null)),
                row("resubmit: status 75 submits a follow-up", resubmit, Map.of("SRUN_EXIT", "75"), null,
                        new Expect(0, null, follow(1))),
                row("resubmit: the count goes on", resubmit, Map.of("SRUN_EXIT", "75", "DDPKIT_RESUBMIT_COUNT", "1"), null,
                        new Expect(0, null, follow(2))),
                row("resubmit: notice then killed", resubmit, Map.of("SIGNAL_EXIT", "143"), "USR2", new Expect(0, null, follow(1))),
                row("resubmit: at the cap ends with 75", resubmit, Map.of("SRUN_EXIT", "75", "DDPKIT_RESUBMIT_COUNT", "2"), null,
                        new Expect(75, null, null)),
                row("resubmit: sbatch refused ends with 75", resubmit, Map.of("SRUN_EXIT", "75", "SBATCH_EXIT", "1"), null,
                        new Expect(75, null, follow(1))),
                row("resubmit: a failure ends the job", resubmit, Map.of("SRUN_EXIT", "2"), null, new Expect(2, null, null)),
                // SLURM's preemption, scancel, the time limit: SIGTERM to the batch shell and (here by the test) to srun
                row("SIGTERM waits for the step and does not requeue", scontrol, Map.of("SIGNAL_EXIT", "143"), "TERM",
                        new Expect(143, null, null)),
                row("resubmit: SIGTERM does not resubmit", resubmit, Map.of("SIGNAL_EXIT", "143"), "TERM", new Expect(143, null, null)),
                row("SIGTERM as the notice (--signal B:TERM@60) requeues", List.of("--requeue", "--signal", "B:TERM@60"),
                        Map.of("SIGNAL_EXIT", "143"), "TERM", new Expect(0, REQUEUE, null)));
    }

    /** sbatch's arguments for the follow-up number {@code n} ({@code SCRIPT} and {@code DIR} filled in later). */
    private static List<String> follow(int n) {
        return List.of("--parsable", "--dependency=afterany:" + JOB, "--chdir=DIR", "--export=ALL,DDPKIT_RESUBMIT_COUNT=" + n, "SCRIPT");
    }

    private static Arguments row(String name, List<String> options, Map<String, String> env, String signal, Expect expect) {
        return Arguments.of(name, options, env, signal, expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(30)
    void stepEndingDecidesWhetherTheJobRunsAgain(String name, List<String> options, Map<String, String> env, String signal,
                                                  Expect expect) throws Exception {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--", "cmd"));
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(0, o.code(), o::describe);
        Path job = ScriptRunTest.script(dir.resolve("job.sh"), o.out());
        ProcessBuilder pb = new ProcessBuilder("bash", job.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        pb.environment().put("OUT", dir.toString());
        pb.environment().put("SLURM_JOB_ID", JOB);
        pb.environment().remove("SLURM_RESTART_COUNT");
        pb.environment().remove("DDPKIT_RESUBMIT_COUNT");
        pb.environment().putAll(env);
        if (signal != null) {
            pb.environment().put("WAIT_FOR", signal);
        }
        Process p = pb.start();
        if (signal != null) {
            Await.until("the stand-in srun to be ready", Duration.ofSeconds(20),
                    () -> Files.exists(dir.resolve("srun.ready")), ready -> ready);
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            if (signal.equals("TERM") && !options.contains("B:TERM@60")) { // SLURM sends it to every process of the job
                String srun = Files.readString(dir.resolve("srun.ready")).trim();
                new ProcessBuilder("kill", "-TERM", srun).start().waitFor(10, TimeUnit.SECONDS);
            }
        }
        int status = p.waitFor();
        String out = Files.readString(dir.resolve("stdout.txt"));
        String err = Files.readString(dir.resolve("stderr.txt"));
        String what = name + "\nstdout:\n" + out + "stderr:\n" + err;
        assertEquals(expect.status(), status, what);
        assertTrue(out.startsWith("ddpkit: SLURM_RESTART_COUNT=" + env.getOrDefault("SLURM_RESTART_COUNT", "0") + "\n"), what);
        if (signal != null) {
            assertEquals(signal + "\n", Files.readString(dir.resolve("srun.signal")), "the notice reaches srun once: " + what);
        }
        assertEquals(expect.scontrol(), recorded("scontrol"), what);
        List<String> sbatch = expect.sbatch() == null ? null : expect.sbatch().stream()
                .map(a -> a.replace("DIR", dir.toString()).replace("SCRIPT", job.toString())).toList();
        assertEquals(sbatch, recorded("sbatch"), what);
        boolean ranAgain = expect.status() == 0 && (expect.scontrol() != null || expect.sbatch() != null);
        if (ranAgain) {
            assertTrue(out.contains(expect.sbatch() != null ? "submitted job 4242 " : "requeueing job " + JOB), what);
        } else if (expect.status() == 75) {
            assertFalse(err.isEmpty(), "the script says why it does not run the job again: " + what);
        } else if (expect.status() == 143) {
            assertTrue(err.contains("ddpkit: this shell got SIGTERM (preemption, scancel or the time limit); the step ended with"
                    + " status 143: not running the job again here"), what);
        }
    }

    private List<String> recorded(String command) throws IOException {
        Path file = dir.resolve(command + ".args");
        return Files.exists(file) ? ScriptRunTest.nulSeparated(file) : null;
    }
}
