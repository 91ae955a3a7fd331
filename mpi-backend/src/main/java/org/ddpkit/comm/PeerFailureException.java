package org.ddpkit.comm;

/**
 * Another rank died, left, or was declared dead: the group is broken and every pending and later
 * collective throws this. Exit 75 (a restart of the worker group may succeed).
 */
public final class PeerFailureException extends CommException {
    private final int peerRank;

    public PeerFailureException(int peerRank, String message) {
        super(message, ExitCodes.TEMPORARY);
        this.peerRank = peerRank;
    }

    public PeerFailureException(int peerRank, String message, Throwable cause) {
        super(message, ExitCodes.TEMPORARY, cause);
        this.peerRank = peerRank;
    }

    /** The rank that failed. */
    public int peerRank() {
        return peerRank;
    }
}
