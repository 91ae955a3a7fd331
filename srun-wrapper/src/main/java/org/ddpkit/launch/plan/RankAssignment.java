package org.ddpkit.launch.plan;

import java.util.List;

/**
 * How global ranks are assigned when the wrapper assigns them (per-node, standalone and
 * rendezvous modes; in per-task mode SLURM does, through SLURM_PROCID).
 */
public final class RankAssignment {
    private RankAssignment() {}

    /**
     * Global rank of a worker: the workers of every node before this one, plus the local
     * rank. With N workers on every node this is {@code groupRank * N + localRank}.
     *
     * @param workersPerNode workers on each node, indexed by group rank
     * @param groupRank      this node's index
     * @param localRank      the worker's index on this node
     */
    public static int globalRank(List<Integer> workersPerNode, int groupRank, int localRank) {
        if (groupRank < 0 || groupRank >= workersPerNode.size()) {
            throw new IllegalArgumentException("group rank " + groupRank + " outside 0.." + (workersPerNode.size() - 1));
        }
        if (localRank < 0 || localRank >= workersPerNode.get(groupRank)) {
            throw new IllegalArgumentException("local rank " + localRank + " outside 0.." + (workersPerNode.get(groupRank) - 1));
        }
        int base = 0;
        for (int node = 0; node < groupRank; node++) {
            base += workersPerNode.get(node);
        }
        return base + localRank;
    }
}
