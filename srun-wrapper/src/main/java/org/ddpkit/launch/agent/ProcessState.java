package org.ddpkit.launch.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux shows of a process under /proc: its scheduling state ({@code /proc/PID/stat}: R, S,
 * D, T, t, Z, ...) and which signals it catches ({@code /proc/PID/status}).
 */
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

    /**
     * True when {@code pid} has a handler for signal {@code number} now (its {@code SigCgt} mask);
     * false when it ignores it, has the default action, or cannot be read.
     */
    static boolean catches(long pid, int number) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    return caughtIn(line.substring("SigCgt:".length()).trim(), number);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc
        }
        return false;
    }

    /** Whether bit {@code number - 1} is set in a /proc signal mask (hex, most significant first). */
    static boolean caughtIn(String hexMask, int number) {
        int digit = hexMask.length() - 1 - (number - 1) / 4;
        return number >= 1 && digit >= 0 && (Character.digit(hexMask.charAt(digit), 16) >> ((number - 1) % 4) & 1) == 1;
    }

    /** True for a process frozen by SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU ('T') or by a debugger ('t'). */
    static boolean frozen(long pid) {
        char c = of(pid);
        return c == 'T' || c == 't';
    }
}
