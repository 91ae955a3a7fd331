package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A tiny shell process, in its own session, that holds the workers' process groups for the
 * wrapper. The wrapper writes one command per line to its stdin:
 * <ul>
 *   <li>{@code watch G}: group G belongs to a worker;
 *   <li>{@code signal NAME G...}: send signal NAME to these groups (the shell's built-in kill,
 *       so forwarding a signal starts no process and needs no native call in the JVM);
 *   <li>{@code end G...}: SIGKILL whatever is left of these groups and forget them (after an
 *       attempt: processes the workers left behind);
 *   <li>{@code exit}: the wrapper ends in order.
 * </ul>
 * When the pipe reaches end of file without {@code exit}, which happens when the wrapper's
 * process is gone whatever killed it (SIGKILL too), the guard SIGKILLs every group still
 * listed. It ignores the signals the wrapper forwards, so a signal sent to the wrapper's process
 * group does not take it out first. This complements {@code setpriv --pdeathsig} (see
 * {@link WorkerWrapping}), which reaches only the worker itself, not the processes it started.
 */
public final class GroupGuard implements AutoCloseable {
    static final String SCRIPT = """
            trap '' HUP INT TERM USR1 USR2 PIPE
            groups=' '
            while read -r cmd arg rest; do
              case $cmd in
                watch) groups="$groups$arg " ;;
                signal) for g in $rest; do kill -s "$arg" -- "-$g" 2>/dev/null; done ;;
                end) for g in $arg $rest; do
                       kill -s KILL -- "-$g" 2>/dev/null
                       case $groups in *" $g "*) groups="${groups%% $g *} ${groups#* $g }" ;; esac
                     done ;;
                exit) exit 0 ;;
              esac
            done
            for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
            """;

    private final CompletableFuture<Process> starting;
    private final Set<Long> watched = new HashSet<>();
    private OutputStream in;
    private boolean alive = true;

    private GroupGuard(CompletableFuture<Process> starting) {
        this.starting = starting;
    }

    /**
     * Starts the guard's process now, before any worker, so that every worker group can be
     * handed to it right after its start (the window in which a SIGKILL of the wrapper would
     * leave a worker's children behind is the time between two lines of code).
     */
    public static GroupGuard start(Map<String, String> env) {
        return new GroupGuard(CompletableFuture.completedFuture(spawn(env)));
    }

    /**
     * Starts the guard's process on a background thread, so that the JVM's first process
     * start (its slowest: tens of milliseconds) overlaps with planning; the first command waits
     * for it. Call it before starting any worker, as {@link #start}.
     */
    public static GroupGuard startInBackground(Map<String, String> env) {
        CompletableFuture<Process> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(spawn(env)), "group-guard-start");
        t.setDaemon(true);
        t.start();
        return new GroupGuard(f);
    }

    /** The guard's process, or null when even {@code sh} cannot start (callers fall back to PosixSignals). */
    private static Process spawn(Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        ExecutableLookup.find("setsid", env).ifPresent(p -> cmd.add(p.toString()));
        cmd.addAll(List.of("sh", "-c", SCRIPT));
        try {
            return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Kill group {@code pgid} if the wrapper dies. */
    public synchronized void watch(long pgid) {
        watched.add(pgid);
        send("watch " + pgid);
    }

    /** Sends {@code signal} (SIGTERM, SIGUSR2, ...) to the groups; false when the guard is not running. */
    public synchronized boolean signal(String signal, Collection<Long> pgids) {
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        return pgids.isEmpty() || send("signal " + name + " " + join(pgids));
    }

    /** SIGKILL to what is left of the groups, which the guard then forgets; false when it is not running. */
    public synchronized boolean end(Collection<Long> pgids) {
        watched.removeAll(pgids);
        return pgids.isEmpty() || send("end " + join(pgids));
    }

    /**
     * The wrapper ends: when every group was ended, the guard exits without killing anything;
     * otherwise (the wrapper ends on an error with workers running) it kills the groups still
     * listed.
     */
    @Override
    public synchronized void close() {
        if (watched.isEmpty()) {
            send("exit");
        } else {
            send("# closing"); // makes sure the process exists, so that closing its pipe reaches it
        }
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the guard is gone already
            }
        }
    }

    /** The guard's process, or null when it could not start. */
    synchronized Process process() {
        return starting.join();
    }

    private boolean send(String line) {
        if (in == null && alive) {
            Process p = starting.join();
            alive = p != null;
            in = p == null ? null : p.getOutputStream();
        }
        if (!alive) {
            return false;
        }
        try {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            return true;
        } catch (IOException e) {
            alive = false; // the guard died: callers fall back
            return false;
        }
    }

    private static String join(Collection<Long> pgids) {
        StringBuilder sb = new StringBuilder();
        for (long g : pgids) {
            sb.append(sb.isEmpty() ? "" : " ").append(g);
        }
        return sb.toString();
    }
}
