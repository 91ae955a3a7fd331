package org.ddpkit.train.fault;

/**
 * A notice signal as this process received it.
 *
 * @param signal       the signal's name without {@code SIG} ({@code USR2})
 * @param number       its number on this platform (12 for USR2 on Linux)
 * @param arrivalNanos {@link System#nanoTime()} when the handler ran
 */
public record Notice(String signal, int number, long arrivalNanos) {
    public Notice {
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("signal: must be a name like USR2, got \"" + signal + "\"");
        }
        if (number < 1) {
            throw new IllegalArgumentException("signal number: must be ≥ 1, got \"" + number + "\"");
        }
    }

    /** {@code SIGUSR2}. */
    public String label() {
        return "SIG" + signal;
    }
}
