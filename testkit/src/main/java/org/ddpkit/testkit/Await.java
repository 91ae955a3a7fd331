package org.ddpkit.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polling with a deadline, for tests that wait on another process (a SLURM job, a file being
 * written): ask, check, pause briefly, ask again, and fail with the last answer seen when the
 * deadline passes.
 */
public final class Await {
    private Await() {}

    /** The pause between two polls. */
    public static final Duration INTERVAL = Duration.ofMillis(100);

    /**
     * Calls {@code probe} until {@code done} accepts its answer and returns that answer, or
     * throws an {@link AssertionError} naming {@code what} and the last answer after {@code timeout}.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T answer = probe.get();
            if (done.test(answer)) {
                return answer;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() / 1000.0 + " s waiting for "
                        + what + "; last seen: " + answer);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
