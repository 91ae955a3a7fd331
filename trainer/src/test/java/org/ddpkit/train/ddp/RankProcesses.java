package org.ddpkit.train.ddp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.testkit.JavaCommand;

/**
 * One JVM per rank on this host with the env contract set as srun-wrapper sets it (one node),
 * each rank's output in {@code dir/rank-R.log}.
 */
final class RankProcesses implements AutoCloseable {
    private final List<Process> ranks = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    static RankProcesses start(Path dir, int world, Class<?> main, List<String> args) throws IOException {
        Files.createDirectories(dir);
        RankProcesses l = new RankProcesses();
        int port = freePort();
        for (int rank = 0; rank < world; rank++) {
            DistEnv env = new DistEnv(rank, rank, world, world, 0, "127.0.0.1", port, 0, "ddp-test-" + port);
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(main.getName(), args));
            pb.environment().putAll(env.toEnv());
            Path log = dir.resolve("rank-" + rank + ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            l.logs.add(log);
            l.ranks.add(pb.start());
        }
        return l;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for every rank; fails naming a rank that still runs or exited non-zero, with its log. */
    void awaitSuccess(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        for (int r = 0; r < ranks.size(); r++) {
            Process p = ranks.get(r);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("rank " + r + " still runs after " + max.toSeconds() + " s; its log:\n" + log(r));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("rank " + r + " exited with " + p.exitValue() + "; its log:\n" + log(r));
            }
        }
    }

    /** Waits for every rank to exit and returns the exit codes; fails naming a rank that still runs. */
    List<Integer> awaitExit(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Integer> codes = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            Process p = ranks.get(r);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("rank " + r + " still runs after " + max.toSeconds() + " s; its log:\n" + log(r));
            }
            codes.add(p.exitValue());
        }
        return codes;
    }

    String log(int r) {
        try {
            return Files.readString(logs.get(r));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        ranks.forEach(Process::destroyForcibly);
    }
}
