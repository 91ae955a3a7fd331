package org.ddpkit.launch.agent;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signal numbers and names of this platform (as {@code sun.misc.Signal} knows them), and a
 * fallback way to send one when the {@link GroupGuard} is not there: the {@code kill} command.
 * (The JVM has no {@code kill(2)} of its own; FFM could call it, but linking a downcall costs a
 * short-lived JVM like this one about 100 ms of CPU, and signals are rare.)
 */
public final class PosixSignals {
    /** Names (without SIG) whose numbers are looked up on this platform. */
    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final Map<Integer, String> BY_NUMBER = new HashMap<>();
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (String n : NAMES) {
            try {
                int number = new sun.misc.Signal(n).getNumber();
                BY_NUMBER.putIfAbsent(number, n);
                BY_NAME.put(n, number);
            } catch (IllegalArgumentException unknownHere) {
                // not a signal on this platform
            }
        }
    }

    private PosixSignals() {}

    /** {@code SIGKILL} for 9; {@code signal 40} for a number without a name. */
    public static String name(int signal) {
        String n = BY_NUMBER.get(signal);
        return n == null ? "signal " + signal : "SIG" + n;
    }

    /** The number of {@code TERM} or {@code SIGTERM}. */
    public static int number(String name) {
        Integer n = BY_NAME.get(name.startsWith("SIG") ? name.substring(3) : name);
        if (n == null) {
            throw new IllegalArgumentException("unknown signal \"" + name + "\"");
        }
        return n;
    }

    /**
     * Sends {@code signal} to process {@code pid}, or to process group {@code -pid} when
     * {@code pid} is negative, with kill(1); false when that failed (no such process).
     */
    public static boolean kill(long pid, int signal) {
        try {
            return new ProcessBuilder("kill", "-s", name(signal).substring(3), "--", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
