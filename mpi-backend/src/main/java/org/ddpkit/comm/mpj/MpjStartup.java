package org.ddpkit.comm.mpj;

import mpi.MPI;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.ExitCodes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Calls {@code MPI.Init} the way MPJ's daemon would. For niodev, 0.44 takes {@code args[0]} =
 * rank, {@code args[1]} = {@code "#Number of Processes;N;#Protocol Switch Limit;131072;#Server
 * Name;HOST;#Server Port;PORT"}, {@code args[2]} = {@code "niodev"} (it reads no config file);
 * HOST:PORT is rank 0's rendezvous server, which speaks the port handshake. Must run on a daemon
 * thread: niodev's threads inherit that, so the JVM can exit without {@code MPI.Finalize}.
 */
final class MpjStartup {
    /** niodev switches from eager to rendezvous sends above this many bytes (MPJ's default). */
    static final int PROTOCOL_SWITCH_LIMIT = 131072;

    private MpjStartup() {}

    static List<String> initArgs(DistEnv env) {
        return List.of(Integer.toString(env.rank()),
                "#Number of Processes;" + env.worldSize() + ";#Protocol Switch Limit;" + PROTOCOL_SWITCH_LIMIT
                        + ";#Server Name;" + env.masterAddr() + ";#Server Port;" + env.masterPort(),
                "niodev");
    }

    /**
     * {@code MPI.Init}, with stderr held meanwhile: without MPJ_HOME, 0.44 prints a stack trace
     * for its missing {@code $MPJ_HOME/conf/mpjexpress.conf} (which only sets log levels) and
     * goes on. That trace is dropped; anything else printed meanwhile is passed on.
     */
    static void init(DistEnv env) {
        if (!Thread.currentThread().isDaemon()) {
            throw new IllegalStateException("MPI.Init must run on a daemon thread");
        }
        PrintStream realErr = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try {
            MPI.Init(initArgs(env).toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new CommException("rank " + env.rank() + ": MPJ Express failed to start: " + e, ExitCodes.UNAVAILABLE, e);
        } finally {
            System.setErr(realErr);
            passOn(held.toString(StandardCharsets.UTF_8), realErr);
        }
    }

    private static void passOn(String text, PrintStream err) {
        boolean inConfTrace = false;
        for (String line : text.lines().toList()) {
            if (line.contains("mpjexpress.conf")) {
                inConfTrace = true;
                continue;
            }
            if (inConfTrace && line.startsWith("\tat ")) {
                continue;
            }
            inConfTrace = false;
            err.println(line);
        }
    }
}
