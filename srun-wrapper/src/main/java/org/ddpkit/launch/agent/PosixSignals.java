package org.ddpkit.launch.agent;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signal numbers and names of this platform, and {@code kill(2)} called through the FFM API
 * (java.lang.foreign), which needs no native code of ours; where the native call is not
 * allowed the {@code kill} command does the same.
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
     * {@code pid} is negative. Returns false when no such process (group) exists any more.
     */
    public static boolean kill(long pid, int signal) {
        MethodHandle k = Native.KILL;
        if (k != null) {
            try {
                return (int) k.invokeExact((int) pid, signal) == 0;
            } catch (Throwable e) {
                // fall through to the command
            }
        }
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

    /**
     * Links {@code kill} now, on a background thread, so that the first signal or clean-up does
     * not pay for it (about 100 ms of FFM set-up on a busy 2-core machine).
     */
    public static void warmUp() {
        Thread t = new Thread(() -> {
            MethodHandle ignored = Native.KILL;
        }, "ffm-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Loaded on first use, so a wrapper that never signals pays nothing for FFM. */
    private static final class Native {
        static final MethodHandle KILL = lookup();

        private static MethodHandle lookup() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("kill")
                        .map(addr -> linker.downcallHandle(addr,
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                        .orElse(null);
            } catch (RuntimeException | Error e) {
                return null;
            }
        }
    }
}
