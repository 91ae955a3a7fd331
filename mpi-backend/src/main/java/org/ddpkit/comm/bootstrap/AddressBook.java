package org.ddpkit.comm.bootstrap;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The address other ranks should use for each rank: the one rank 0 saw it connect from. A rank
 * on rank 0's own host may connect over loopback; when other ranks connected from elsewhere, it
 * gets the address rank 0's host has towards them instead, which they can reach.
 */
final class AddressBook {
    private final Map<Integer, InetAddress> seen = new ConcurrentHashMap<>();
    private volatile InetAddress outward;

    void seen(int rank, Socket s) {
        InetAddress remote = s.getInetAddress();
        seen.putIfAbsent(rank, remote);
        if (!remote.isLoopbackAddress() && outward == null) {
            outward = s.getLocalAddress();
        }
    }

    String addressOf(int rank) {
        InetAddress a = seen.get(rank);
        if (a == null) {
            throw new IllegalStateException("rank " + rank + " has not connected");
        }
        if (a.isLoopbackAddress() && outward != null) {
            a = outward;
        }
        return a.getHostAddress();
    }
}
