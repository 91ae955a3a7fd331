package org.ddpkit.comm;

import java.time.Duration;

/**
 * A collective did not finish within the group's timeout ({@link GroupOptions#timeout()}): some
 * rank hangs. Names the rank this one was waiting for when known (-1 otherwise). Exit 75.
 */
public final class CollectiveTimeoutException extends CommException {
    private final int waitingFor;
    private final Duration timeout;

    public CollectiveTimeoutException(int waitingFor, Duration timeout, String message) {
        super(message, ExitCodes.TEMPORARY);
        this.waitingFor = waitingFor;
        this.timeout = timeout;
    }

    /** The rank that did not answer in time, or -1 when unknown. */
    public int waitingFor() {
        return waitingFor;
    }

    public Duration timeout() {
        return timeout;
    }
}
