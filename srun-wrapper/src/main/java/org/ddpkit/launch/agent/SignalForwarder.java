package org.ddpkit.launch.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import sun.misc.Signal;

/**
 * Catches the signals the wrapper passes on to its workers. On JDK 25 (HotSpot, Linux) TERM,
 * INT, HUP, USR1 and USR2 can all be handled through {@code sun.misc.Signal} (module
 * jdk.unsupported); QUIT stays the JVM's (thread dumps). A signal that was ignored when the JVM
 * started (INT and QUIT in background jobs of a non-interactive shell) stays ignored.
 * Installing a handler for TERM, INT and HUP also means the JVM no longer exits on them by
 * itself: the agent decides.
 */
public final class SignalForwarder {
    /** The signals forwarded to every worker. */
    public static final List<String> FORWARDED = List.of("TERM", "INT", "HUP", "USR1", "USR2");

    private SignalForwarder() {}

    /**
     * Routes every forwarded signal to {@code onSignal} (called on a JVM signal thread).
     *
     * @return the signals that could not be handled here, with the reason
     */
    public static List<String> install(IntConsumer onSignal) {
        List<String> failed = new ArrayList<>();
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), s -> onSignal.accept(s.getNumber()));
            } catch (IllegalArgumentException e) {
                failed.add("SIG" + name + ": " + e.getMessage());
            }
        }
        return failed;
    }
}
