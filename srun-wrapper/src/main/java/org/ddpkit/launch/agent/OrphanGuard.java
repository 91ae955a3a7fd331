package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny shell process, in its own session, that kills the workers' process groups when the
 * wrapper dies without cleaning up (SIGKILL, a crash). The wrapper writes each worker's
 * process group id to the guard's stdin; when that pipe reaches end of file without the word
 * {@code exit} first, which happens when the wrapper's process is gone whatever killed it,
 * the guard sends SIGKILL to every group still listed. It ignores the signals the wrapper
 * forwards, so a signal sent to the wrapper's process group does not take it out first.
 * This complements {@code setpriv --pdeathsig} (see {@link WorkerWrapping}), which reaches
 * only the worker itself, not the processes it started.
 */
public final class OrphanGuard implements AutoCloseable {
    static final String SCRIPT = """
            trap '' HUP INT TERM USR1 USR2 PIPE
            groups=' '
            while read -r g; do
              case $g in
                exit) exit 0 ;;
                -*) g=${g#-}; case $groups in *" $g "*) groups="${groups%% $g *} ${groups#* $g }" ;; esac ;;
                *) groups="$groups$g " ;;
              esac
            done
            for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
            """;

    private final Map<String, String> env;
    private Process process;
    private OutputStream in;
    private boolean started;
    private final Set<Long> watched = new HashSet<>();

    private OrphanGuard(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Starts the guard's process now, before any worker, so that every worker group can be
     * handed to it right after its start (the window in which a SIGKILL of the wrapper would
     * leave a worker's children behind is the time between two lines of code).
     */
    public static OrphanGuard start(Map<String, String> env) {
        OrphanGuard g = new OrphanGuard(env);
        synchronized (g) {
            g.ensureStarted();
        }
        return g;
    }

    private void ensureStarted() {
        if (started) {
            return;
        }
        started = true;
        List<String> cmd = new ArrayList<>();
        if (ExecutableLookup.find("setsid", env).isPresent()) {
            cmd.add("setsid");
        }
        cmd.addAll(List.of("sh", "-c", SCRIPT));
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            in = process.getOutputStream();
        } catch (IOException e) {
            // no sh: setpriv --pdeathsig and the wrapper's own clean-up remain
        }
    }

    /** Kill group {@code pgid} if the wrapper dies. */
    public synchronized void watch(long pgid) {
        ensureStarted();
        watched.add(pgid);
        send(Long.toString(pgid));
    }

    /** Group {@code pgid} is gone: do not kill it later (its id may be reused). */
    public synchronized void forget(long pgid) {
        watched.remove(pgid);
        send("-" + pgid);
    }

    /**
     * The wrapper ends: when every group was forgotten (cleaned up), the guard exits without
     * killing anything; otherwise (the wrapper ends on an error with workers running) it kills
     * the groups still listed.
     */
    @Override
    public synchronized void close() {
        if (watched.isEmpty()) {
            send("exit");
        }
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the guard is gone already
            }
        }
    }

    /** The guard's process, or null when it has not started or could not. */
    synchronized Process process() {
        return process;
    }

    private void send(String line) {
        if (in == null) {
            return;
        }
        try {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            // the guard died: nothing better to do than carry on
        }
    }
}
