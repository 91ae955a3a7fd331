package org.ddpkit.comm.bootstrap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Every rank of the world, indexed by rank, with the node (GROUP_RANK) structure. */
public record PeerTable(List<PeerInfo> peers) {

    public PeerTable {
        peers = List.copyOf(peers);
        for (int r = 0; r < peers.size(); r++) {
            if (peers.get(r).rank() != r) {
                throw new IllegalArgumentException("peer table: entry " + r + " is rank " + peers.get(r).rank());
            }
        }
    }

    public int size() {
        return peers.size();
    }

    public PeerInfo peer(int rank) {
        return peers.get(rank);
    }

    /** The node indexes (GROUP_RANK values) in use, ascending. */
    public List<Integer> nodes() {
        TreeSet<Integer> g = new TreeSet<>();
        peers.forEach(p -> g.add(p.groupRank()));
        return List.copyOf(g);
    }

    /** The ranks on node {@code groupRank}, by local rank. */
    public List<Integer> ranksOnNode(int groupRank) {
        List<PeerInfo> on = new ArrayList<>();
        for (PeerInfo p : peers) {
            if (p.groupRank() == groupRank) {
                on.add(p);
            }
        }
        on.sort((a, b) -> Integer.compare(a.localRank(), b.localRank()));
        return on.stream().map(PeerInfo::rank).toList();
    }

    /** Each node's leader (its local rank 0), in node order: the members of the inter-node ring. */
    public List<Integer> leaders() {
        return nodes().stream().map(g -> ranksOnNode(g).getFirst()).toList();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(peers.size());
        for (PeerInfo p : peers) {
            out.writeInt(p.rank());
            out.writeInt(p.localRank());
            out.writeInt(p.groupRank());
            out.writeUTF(p.address());
            out.writeInt(p.dataPort());
            out.writeLong(p.pid());
            out.writeUTF(p.host());
        }
    }

    static PeerTable read(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<PeerInfo> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new PeerInfo(in.readInt(), in.readInt(), in.readInt(), in.readUTF(), in.readInt(), in.readLong(),
                    in.readUTF()));
        }
        return new PeerTable(list);
    }
}
