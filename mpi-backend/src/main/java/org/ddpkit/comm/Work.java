package org.ddpkit.comm;

import java.time.Duration;

/** The handle of an asynchronous collective (c10d calls it Work). */
public interface Work {

    /** True once the collective finished, well or not. */
    boolean isDone();

    /**
     * Waits for the collective; throws its failure ({@link PeerFailureException},
     * {@link CollectiveTimeoutException}, …). Never waits longer than the group's timeout.
     */
    void await();

    /** Like {@link #await()} but gives up after {@code max}; returns whether it finished. */
    boolean await(Duration max);
}
