package org.ddpkit.train.fault;

/**
 * The ranks' decision to stop at this step boundary, the same on every rank.
 *
 * @param signal      the notice's name ({@code USR2}); the highest-numbered one any rank got
 * @param number      its number
 * @param ageMillis   how long before the decision the earliest notice arrived, over all ranks
 * @param agreedNanos {@link System#nanoTime()} on this rank at the moment {@code ageMillis} refers to
 */
public record AgreedStop(String signal, int number, double ageMillis, long agreedNanos) {
    /** Milliseconds from the earliest notice's arrival (on whichever rank) to {@code nowNanos}. */
    public double millisSinceNotice(long nowNanos) {
        return ageMillis + (nowNanos - agreedNanos) / 1e6;
    }

    /** {@code SIGUSR2}. */
    public String label() {
        return "SIG" + signal;
    }
}
