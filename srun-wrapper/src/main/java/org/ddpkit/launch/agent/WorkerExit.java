package org.ddpkit.launch.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one worker ended.
 *
 * @param rank       global rank
 * @param localRank  rank on this node
 * @param pid        its process id (-1 when it never started)
 * @param exitCode   its exit status; 128+N when signal N killed it (as shells report it)
 * @param time       when the wrapper saw it exit
 * @param logFile    its stderr log file, if it has one
 * @param stderrTail the last lines of its stderr
 * @param startError why it could not start, if it never did
 */
public record WorkerExit(int rank, int localRank, long pid, int exitCode, Instant time, Optional<String> logFile,
                         List<String> stderrTail, Optional<String> startError) {
    public WorkerExit {
        stderrTail = List.copyOf(stderrTail);
    }

    public boolean failed() {
        return exitCode != 0;
    }

    /** The signal that killed it, when its status is 128+N for a known signal N. */
    public Optional<String> signalName() {
        int sig = exitCode - 128;
        if (sig < 1 || sig > 64) {
            return Optional.empty();
        }
        String name = PosixSignals.name(sig);
        return name.startsWith("SIG") ? Optional.of(name) : Optional.empty();
    }

    /** {@code exit code 3} or {@code signal SIGKILL (exit code 137)}. */
    public String describe() {
        if (startError.isPresent()) {
            return "could not start: " + startError.get() + " (exit code " + exitCode + ")";
        }
        return signalName().map(s -> "signal " + s + " (exit code " + exitCode + ")").orElse("exit code " + exitCode);
    }
}
