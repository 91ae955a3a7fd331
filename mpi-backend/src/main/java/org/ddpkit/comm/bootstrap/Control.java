package org.ddpkit.comm.bootstrap;

import java.time.Duration;

/** The control channel's message tags and timing (one byte tag, then the fields). */
final class Control {
    /** Heartbeat; no fields. Both directions. */
    static final byte HEARTBEAT = 'H';
    /** A rank closes the group orderly; no fields. Rank → rank 0. */
    static final byte BYE = 'B';
    /** Rank (int) has left orderly. Rank 0 → ranks. */
    static final byte LEFT = 'L';
    /** Rank (int) failed, reason (UTF). Both directions: a rank reports, rank 0 spreads. */
    static final byte FAILED = 'F';
    /** This rank's collective outlived the timeout waiting for rank (int, -1 unknown) during what (UTF). Rank → rank 0. */
    static final byte STALLED = 'S';
    /** The rank number in a FAILED message that means "no single culprit". */
    static final int NOBODY = -1;

    static final String OK = "OK";
    static final String ERR = "ERR";

    private Control() {}

    /** How often to send heartbeats for a given timeout: a third of it, at most 1 s, at least 50 ms. */
    static long heartbeatIntervalMillis(Duration heartbeatTimeout) {
        return Math.max(50, Math.min(1000, heartbeatTimeout.toMillis() / 3));
    }
}
