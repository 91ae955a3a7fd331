package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.JavaCommand;

/**
 * A real srun-wrapper process (a fresh JVM running {@link Main} with the test classpath) for
 * tests: output to files in the test's directory, an environment without SLURM or launcher
 * variables unless a test adds them.
 */
public final class WrapperRun {
    private final Process process;
    private final Path out;
    private final Path err;
    private long exitedAtMillis;

    private WrapperRun(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code srun-wrapper ARGS} in {@code dir} with the clean environment plus {@code env}. */
    public static WrapperRun start(Path dir, Map<String, String> env, List<String> args) {
        try {
            Path out = Files.createTempFile(dir, "wrapper", ".out");
            Path err = Files.createTempFile(dir, "wrapper", ".err");
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(Main.class.getName(), args)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(cleanEnv());
            pb.environment().putAll(env);
            return new WrapperRun(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WrapperRun start(Path dir, Map<String, String> env, String... args) {
        return start(dir, env, List.of(args));
    }

    /** This JVM's environment without SLURM step/job variables and without the env contract. */
    public static Map<String, String> cleanEnv() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> (k.startsWith("SLURM") && !k.equals("SLURM_CONF")) || k.startsWith("TORCHELASTIC")
                || List.of("RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "GROUP_RANK", "MASTER_ADDR", "MASTER_PORT",
                "CUDA_VISIBLE_DEVICES").contains(k) || k.startsWith("DDPKIT_"));
        return env;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the wrapper to exit and returns its status; fails the test after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("srun-wrapper did not exit within " + timeout + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            exitedAtMillis = System.currentTimeMillis();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** When {@link #awaitExit} saw the exit (epoch millis). */
    public long exitedAtMillis() {
        return exitedAtMillis;
    }

    /** Sends {@code signal} (e.g. "USR2") to the wrapper with kill(1). */
    public void signal(String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
            assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -s " + signal + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** stdout and stderr, for assertion messages. */
    public String describe() {
        return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }

    /** stderr without the JVM's own warnings (incubator modules and the like). */
    public List<String> stderrLines() {
        List<String> lines = new ArrayList<>();
        for (String l : stderr().split("\n")) {
            if (!l.isBlank() && !l.startsWith("WARNING: Using incubator modules")) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    /** Writes an executable bash script, for a worker. */
    public static Path script(Path dir, String name, String body) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, "#!/bin/bash\n" + body);
            p.toFile().setExecutable(true);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
