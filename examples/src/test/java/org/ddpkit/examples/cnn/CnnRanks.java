package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.examples.Main;
import org.ddpkit.testkit.Await;
import org.ddpkit.testkit.JavaCommand;
import org.ddpkit.testkit.Requirements;

/**
 * {@code elastic-ddp-cnn} as {@code world} real rank processes on this host, each a fresh JVM
 * on the test classpath with the env contract set as srun-wrapper sets it (one node, a free
 * MASTER_PORT), so a test can signal, stop or kill one rank by its pid. Rank R's standard output
 * goes to {@code DIR/NAME-R.out}, its standard error to {@code DIR/NAME-R.err}. Closing kills
 * (SIGKILL) whatever still runs.
 */
final class CnnRanks implements AutoCloseable {
    private final List<Process> ranks = new ArrayList<>();
    private final List<Path> outs = new ArrayList<>();
    private final List<Path> errs = new ArrayList<>();

    private CnnRanks() {}

    /** Skips (fails under CI) without the offline Fashion-MNIST the runs train on. */
    static void requireDataset() {
        Requirements.require(Files.isRegularFile(ElasticDdpCnnTest.DATA.resolve("train-images-idx3-ubyte.gz")),
                "the offline Fashion-MNIST in " + ElasticDdpCnnTest.DATA
                        + " (Debian package dataset-fashion-mnist; scripts/bootstrap installs it)");
    }

    /** Starts ranks 0 … world-1 of {@code ddp-example elastic-ddp-cnn args} in {@code dir}. */
    static CnnRanks start(Path dir, String name, int world, List<String> args) throws IOException {
        Files.createDirectories(dir);
        CnnRanks l = new CnnRanks();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> demo = new ArrayList<>(List.of("elastic-ddp-cnn"));
        demo.addAll(args);
        for (int rank = 0; rank < world; rank++) {
            DistEnv env = new DistEnv(rank, rank, world, world, 0, "127.0.0.1", port, 0, "cnn-test-" + port);
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(Main.class.getName(), demo)).directory(dir.toFile());
            pb.environment().putAll(env.toEnv());
            Path out = dir.resolve(name + "-" + rank + ".out");
            Path err = dir.resolve(name + "-" + rank + ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            l.outs.add(out);
            l.errs.add(err);
            l.ranks.add(pb.start());
        }
        return l;
    }

    /** Waits until rank {@code rank}'s standard output has a line matching {@code regex} (whole line); fails if it exits first. */
    void awaitLine(int rank, String regex, Duration max) {
        Pattern p = Pattern.compile(regex);
        Process proc = ranks.get(rank);
        Await.until("rank " + rank + " to print a line matching " + regex, max, () -> (proc.isAlive() ? "" : "exited\n") + out(rank),
                o -> o.startsWith("exited\n") || o.lines().anyMatch(l -> p.matcher(l).matches()));
        if (out(rank).lines().noneMatch(l -> p.matcher(l).matches())) {
            throw new AssertionError("rank " + rank + " exited before printing a line matching " + regex + ":\n" + describe());
        }
    }

    /** Sends {@code signal} (USR2, STOP, KILL, ...) to rank {@code rank} with kill(1). */
    void signal(int rank, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(ranks.get(rank).pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + ranks.get(rank).pid() + " failed");
        }
    }

    /** Waits for rank {@code rank} to exit; its exit code, or empty when it still runs after {@code max}. */
    Optional<Integer> awaitExit(int rank, Duration max) throws InterruptedException {
        Process p = ranks.get(rank);
        return p.waitFor(max.toNanos(), TimeUnit.NANOSECONDS) ? Optional.of(p.exitValue()) : Optional.empty();
    }

    /** Waits for every rank and returns the exit codes; fails, with the logs, when one still runs after {@code max}. */
    List<Integer> awaitAll(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Integer> codes = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            Optional<Integer> code = awaitExit(r, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (code.isEmpty()) {
                throw new AssertionError("rank " + r + " still runs after " + max.toSeconds() + " s:\n" + describe());
            }
            codes.add(code.get());
        }
        return codes;
    }

    String out(int rank) {
        return read(outs.get(rank));
    }

    String err(int rank) {
        return read(errs.get(rank));
    }

    /** Every rank's output, for failure messages. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < ranks.size(); r++) {
            b.append("--- rank ").append(r).append(" stdout:\n").append(out(r)).append("--- rank ").append(r).append(" stderr:\n")
                    .append(err(r));
        }
        return b.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : ranks) {
            p.destroyForcibly();
        }
        for (Process p : ranks) {
            p.waitFor();
        }
    }
}
