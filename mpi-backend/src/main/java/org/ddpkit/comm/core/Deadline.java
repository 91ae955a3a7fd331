package org.ddpkit.comm.core;

import org.ddpkit.comm.CollectiveTimeoutException;

import java.time.Duration;

/** When a collective must have finished; loops that wait poll {@link #expired()}. */
public record Deadline(long startNanos, Duration timeout) {

    public static Deadline start(Duration timeout) {
        return new Deadline(System.nanoTime(), timeout);
    }

    public boolean expired() {
        return System.nanoTime() - startNanos > timeout.toNanos();
    }

    /** Nanoseconds left, at least 0. */
    public long remainingNanos() {
        return Math.max(0, timeout.toNanos() - (System.nanoTime() - startNanos));
    }

    /** The failure for a wait on {@code peer} (-1 when unknown) during {@code what} that ran out of time. */
    public CollectiveTimeoutException failure(int peer, String what) {
        String who = peer >= 0 ? "rank " + peer : "another rank";
        return new CollectiveTimeoutException(peer, timeout,
                what + " timed out after " + timeout.toSeconds() + " s waiting for " + who
                        + ": it hangs, or does not call the same collectives in the same order; "
                        + "raise the timeout (GroupOptions.timeout, --timeout) if it is just slow");
    }
}
