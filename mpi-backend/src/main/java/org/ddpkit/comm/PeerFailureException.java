package org.ddpkit.comm;

/**
 * Another rank died, left, or was declared dead: the group is broken and every pending and later
 * collective throws this. The message reads {@code rank N failed: DETAIL}. Exit 75 (a restart of
 * the worker group may succeed).
 */
public final class PeerFailureException extends CommException {
    private final int peerRank;
    private final String detail;

    public PeerFailureException(int peerRank, String detail) {
        super("rank " + peerRank + " failed: " + detail, ExitCodes.TEMPORARY);
        this.peerRank = peerRank;
        this.detail = detail;
    }

    public PeerFailureException(int peerRank, String detail, Throwable cause) {
        super("rank " + peerRank + " failed: " + detail, ExitCodes.TEMPORARY, cause);
        this.peerRank = peerRank;
        this.detail = detail;
    }

    /** The rank that failed. */
    public int peerRank() {
        return peerRank;
    }

    /** What happened to it, without the "rank N failed: " prefix. */
    public String detail() {
        return detail;
    }
}
