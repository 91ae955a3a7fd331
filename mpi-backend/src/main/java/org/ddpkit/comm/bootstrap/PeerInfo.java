package org.ddpkit.comm.bootstrap;

/**
 * One rank as the others see it.
 *
 * @param address  the address rank 0 saw it connect from (routable to the other ranks)
 * @param dataPort where it accepts data connections (0 when its backend needs none)
 * @param host     its host name, for messages and the same-node check
 */
public record PeerInfo(int rank, int localRank, int groupRank, String address, int dataPort, long pid, String host) {

    /** "rank 3 (host node2, pid 1234)" */
    public String who() {
        return "rank " + rank + " (host " + host + ", pid " + pid + ")";
    }
}
