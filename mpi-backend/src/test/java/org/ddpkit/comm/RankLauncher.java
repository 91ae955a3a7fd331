package org.ddpkit.comm;

import org.ddpkit.testkit.JavaCommand;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one JVM per rank with the env contract set, as srun-wrapper would, on this host:
 * {@code ranksPerNode} = {2, 2} makes ranks 0-1 GROUP_RANK 0 and ranks 2-3 GROUP_RANK 1.
 * Each rank's stdout and stderr go to {@code dir/rank-R.log}.
 */
final class RankLauncher implements AutoCloseable {
    final List<Process> ranks = new ArrayList<>();
    final List<Path> logs = new ArrayList<>();
    final int masterPort;

    private RankLauncher(int masterPort) {
        this.masterPort = masterPort;
    }

    /** How the rank JVMs run: as bin/* runs them, or lean (C1 only, no Vector API) to save test CPU. */
    enum Jvm { FULL, LEAN }

    static RankLauncher start(Path dir, int[] ranksPerNode, Class<?> main, List<String> args,
                              Map<String, String> extraEnv) throws IOException {
        return start(dir, ranksPerNode, main, args, extraEnv, Jvm.LEAN);
    }

    /**
     * LEAN JVMs compile with C1 only and leave out jdk.incubator.vector, so the scalar reduce loops
     * run (ReduceKernelsTest checks they equal the vector ones bit for bit): half the CPU of a
     * full JVM on a short run.
     */
    static RankLauncher start(Path dir, int[] ranksPerNode, Class<?> main, List<String> args,
                              Map<String, String> extraEnv, Jvm jvm) throws IOException {
        Files.createDirectories(dir);
        RankLauncher l = new RankLauncher(freePort());
        int world = 0;
        for (int n : ranksPerNode) {
            world += n;
        }
        int rank = 0;
        for (int node = 0; node < ranksPerNode.length; node++) {
            for (int local = 0; local < ranksPerNode[node]; local++, rank++) {
                DistEnv env = new DistEnv(rank, local, world, ranksPerNode[node], node, "127.0.0.1", l.masterPort, 0,
                        "test-" + l.masterPort);
                ProcessBuilder pb = new ProcessBuilder(command(main, args, jvm));
                pb.environment().putAll(env.toEnv());
                pb.environment().putAll(extraEnv);
                Path log = dir.resolve("rank-" + rank + ".log");
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
                l.logs.add(log);
                l.ranks.add(pb.start());
            }
        }
        return l;
    }

    static List<String> command(Class<?> main, List<String> args, Jvm jvm) {
        if (jvm == Jvm.FULL) {
            return JavaCommand.of(main.getName(), args);
        }
        List<String> cmd = new ArrayList<>(List.of(JavaCommand.javaBin().toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for every rank to exit; returns the exit codes, or throws naming the ones still running. */
    List<Integer> waitAll(Duration max) throws InterruptedException {
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

    /** Polls rank r's log until it holds {@code text}. */
    void awaitOutput(int r, String text, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!log(r).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rank " + r + " did not print \"" + text + "\" within " + max.toSeconds()
                        + " s; its log:\n" + log(r));
            }
            if (!ranks.get(r).isAlive() && !log(r).contains(text)) {
                throw new AssertionError("rank " + r + " exited (" + ranks.get(r).exitValue() + ") before printing \""
                        + text + "\"; its log:\n" + log(r));
            }
            Thread.sleep(20); // polling a log file written by another process
        }
    }

    String log(int r) {
        try {
            return Files.readString(logs.get(r));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Every rank's lines starting with {@code prefix}. */
    List<String> lines(int r, String prefix) {
        return log(r).lines().filter(s -> s.startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        ranks.forEach(Process::destroyForcibly);
    }
}
