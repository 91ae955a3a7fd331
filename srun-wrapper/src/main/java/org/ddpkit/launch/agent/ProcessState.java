package org.ddpkit.launch.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's scheduling state as Linux shows it in {@code /proc/PID/stat} (R, S, D, T, t, Z, ...). */
final class ProcessState {
    private ProcessState() {}

    /** The state letter of {@code pid}, or {@code '?'} when it cannot be read (gone, or no /proc). */
    static char of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')'); // the command name in parentheses may hold spaces and ')'
            return close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** True for a process frozen by SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU ('T') or by a debugger ('t'). */
    static boolean frozen(long pid) {
        char c = of(pid);
        return c == 'T' || c == 't';
    }
}
