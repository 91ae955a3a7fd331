package org.ddpkit.examples.basic;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.examples.cli.ExitStatus;

/**
 * {@code torch.multiprocessing.spawn} for the demos: starts {@code world} processes on this host
 * with the env contract set (MASTER_ADDR 127.0.0.1, a free MASTER_PORT), their output going
 * straight to ours, and waits for all. When one fails, the others are stopped (TERM, then KILL
 * after a grace period) and its exit code is returned, as {@code mp.spawn} raises the first
 * failure.
 */
final class RankSpawner {
    private static final long GRACE_MILLIS = 5_000;
    /** How long a rank's exit 75 (a lost peer) waits for the peer's own failure to show. */
    private static final long ROOT_CAUSE_MILLIS = 3_000;
    private final Map<String, String> baseEnv;
    private final PrintStream err;

    /**
     * @param baseEnv the environment every rank starts from (the contract's variables are replaced)
     * @param err     where a failure is reported
     */
    RankSpawner(Map<String, String> baseEnv, PrintStream err) {
        this.baseEnv = baseEnv;
        this.err = err;
    }

    /**
     * Runs {@code command} (one rank's command line) as ranks 0 … world-1 and waits for them.
     *
     * @param what names the run in the failure report
     * @return 0 when all succeeded, else the exit code of the first rank seen failing
     */
    int spawn(String what, int world, List<String> command) throws IOException, InterruptedException {
        int port = freePort();
        List<Process> ranks = new ArrayList<>();
        try {
            for (int rank = 0; rank < world; rank++) {
                DistEnv env = new DistEnv(rank, rank, world, world, 0, "127.0.0.1", port, 0, "spawn-" + port);
                ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                Map<String, String> e = pb.environment();
                e.clear();
                e.putAll(baseEnv);
                e.putAll(env.toEnv());
                ranks.add(pb.start());
            }
            return awaitAll(what, ranks);
        } finally {
            stop(ranks);
        }
    }

    /** Waits until all ranks succeeded or one failed; returns 0 or the failed rank's exit code. */
    private int awaitAll(String what, List<Process> ranks) throws InterruptedException {
        Map<Integer, Process> running = new LinkedHashMap<>();
        for (int r = 0; r < ranks.size(); r++) {
            running.put(r, ranks.get(r));
        }
        while (!running.isEmpty()) {
            CompletableFuture<?>[] exits = running.values().stream()
                    .map(Process::onExit).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.anyOf(exits).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for the ranks failed", e);
            }
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isAlive()) {
                    it.remove();
                    int code = e.getValue().exitValue();
                    if (code != 0) {
                        int rank = e.getKey();
                        if (code == ExitStatus.TEMPORARY) { // a peer was lost: look for the rank that failed first
                            Map.Entry<Integer, Integer> cause = rootCause(running);
                            if (cause != null) {
                                rank = cause.getKey();
                                code = cause.getValue();
                            }
                        }
                        err.println("basic-use-case: rank " + rank + " of " + what + " exited with code " + code
                                + "; stopping the other ranks");
                        return code;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * A rank that lost a peer exits 75, often before the peer's own failure is seen. Waits up to
     * {@link #ROOT_CAUSE_MILLIS} for the other ranks and returns the first (rank, code) that
     * failed otherwise, or null when none did.
     */
    private static Map.Entry<Integer, Integer> rootCause(Map<Integer, Process> others) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROOT_CAUSE_MILLIS);
        for (Map.Entry<Integer, Process> e : others.entrySet()) {
            Process p = e.getValue();
            if (p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && p.exitValue() != 0 && p.exitValue() != ExitStatus.TEMPORARY) {
                return Map.entry(e.getKey(), p.exitValue());
            }
        }
        return null;
    }

    /** TERM to every rank still alive, KILL to those alive after the grace period. */
    private static void stop(List<Process> ranks) throws InterruptedException {
        ranks.stream().filter(Process::isAlive).forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (Process p : ranks) {
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
