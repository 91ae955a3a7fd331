package org.ddpkit.examples.fault;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ddpkit.examples.Launchers;
import org.ddpkit.testkit.Await;

/**
 * {@code bin/srun-wrapper --standalone --nproc-per-node 2 [OPTIONS] -- bin/ddp-example
 * elastic-ddp-cnn ARGS} as a real process: output to files, and every descendant process it
 * ever had (seen whenever the test looks), so that the test can check none outlived it.
 */
final class TrainingRun {
    private final Process process;
    private final Path out;
    private final Path err;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private long exitedAt;

    private TrainingRun(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The wrapper's command line: 2 local ranks of elastic-ddp-cnn, 1 compute thread each. */
    static List<String> command(List<String> wrapperOptions, List<String> exampleArgs) {
        List<String> cmd = new ArrayList<>(List.of(Launchers.bin("srun-wrapper"), "--standalone", "--nproc-per-node", "2"));
        cmd.addAll(wrapperOptions);
        cmd.addAll(List.of("--", Launchers.bin("ddp-example"), "elastic-ddp-cnn", "--threads", "1", "--progress", "none"));
        cmd.addAll(exampleArgs);
        return cmd;
    }

    static TrainingRun start(Path dir, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "run", ".out");
            Path err = Files.createTempFile(dir, "run", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") && !k.equals("SLURM_CONF") || k.startsWith("DDPKIT_")
                    || List.of("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT").contains(k));
            return new TrainingRun(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits until stdout contains every one of {@code texts}; fails after {@code timeout} or when the wrapper exits first. */
    void awaitStdout(Duration timeout, String... texts) {
        Await.until(String.join(" and ", texts) + " in the output", timeout, () -> {
            look();
            if (!process.isAlive()) {
                fail("srun-wrapper exited (" + process.exitValue() + ") before printing " + List.of(texts) + "\n" + describe());
            }
            String s = stdout();
            for (String t : texts) {
                if (!s.contains(t)) {
                    return false;
                }
            }
            return true;
        }, b -> b);
    }

    /** The running worker of {@code rank}; fails when there is none. */
    ProcessHandle worker(int rank) {
        look();
        return Workers.rank(process.toHandle(), rank).orElseThrow(() -> new AssertionError("no worker of rank " + rank + "\n" + describe()));
    }

    /** Records the current descendants (the wrapper's workers, their children, the group guard). */
    void look() {
        process.toHandle().descendants().forEach(seen::add);
    }

    /** Every descendant seen so far. */
    List<ProcessHandle> seen() {
        return List.copyOf(seen);
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("srun-wrapper did not exit within " + timeout + "\n" + describe());
            }
            exitedAt = System.nanoTime();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** When {@link #awaitExit} saw the exit, in {@link System#nanoTime()} units. */
    long exitedAtNanos() {
        return exitedAt;
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    String describe() {
        return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }
}
