package org.ddpkit.launch.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few words put before each worker's command so that no worker outlives the wrapper:
 * <ul>
 *   <li>{@code setsid}: the worker leads its own process group (and session), so a signal
 *       reaches the worker and every process it started ({@code kill(-pgid)}), and a terminal's
 *       Ctrl-C reaches only the wrapper, which forwards it once;
 *   <li>{@code setpriv --pdeathsig KILL}: the kernel sends the worker SIGKILL when the thread
 *       that started it dies, even when the wrapper dies by SIGKILL. Commons Exec starts each
 *       worker from its own thread, which waits for the worker as long as it runs, so that thread
 *       dies only with the wrapper.
 * </ul>
 * Both are util-linux programs that {@code exec} the next word, so the worker keeps the pid Java
 * saw (a fresh child is never a group leader, so setsid does not fork). Either is left out when
 * not on PATH; {@link GroupGuard} still kills the worker groups then.
 */
public record WorkerWrapping(List<String> prefix, boolean ownProcessGroup) {
    public WorkerWrapping {
        prefix = List.copyOf(prefix);
    }

    public static WorkerWrapping detect(Map<String, String> env) {
        List<String> prefix = new ArrayList<>();
        // Absolute paths: each exec in the chain then skips the PATH search.
        Optional<Path> setsid = ExecutableLookup.find("setsid", env);
        setsid.ifPresent(p -> prefix.addAll(List.of(p.toString(), "--")));
        ExecutableLookup.find("setpriv", env).ifPresent(p -> prefix.addAll(List.of(p.toString(), "--pdeathsig", "KILL", "--")));
        boolean group = setsid.isPresent();
        return new WorkerWrapping(prefix, group);
    }

    public List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>(prefix);
        out.addAll(command);
        return out;
    }
}
