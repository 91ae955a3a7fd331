package org.ddpkit.launch.plan;

import java.util.List;

/**
 * This node's place in the job: its index, the job's nodes and sizes, and the workers this
 * wrapper starts.
 *
 * @param groupRank      this node's index (GROUP_RANK)
 * @param nodes          every node of the job, in group-rank order
 * @param worldSize      workers in the job (WORLD_SIZE)
 * @param localWorldSize workers on this node (LOCAL_WORLD_SIZE)
 * @param workers        the workers this wrapper starts
 */
public record NodeLayout(int groupRank, List<String> nodes, int worldSize, int localWorldSize, List<LocalWorker> workers) {
    public NodeLayout {
        nodes = List.copyOf(nodes);
        workers = List.copyOf(workers);
        if (groupRank < 0 || groupRank >= nodes.size()) {
            throw new IllegalArgumentException("group rank " + groupRank + " outside the " + nodes.size() + " nodes");
        }
        for (LocalWorker w : workers) {
            if (w.rank() < 0 || w.rank() >= worldSize || w.localRank() < 0 || w.localRank() >= localWorldSize) {
                throw new IllegalArgumentException(w + " does not fit world size " + worldSize + ", local world size " + localWorldSize);
            }
        }
    }

    /** One worker: its rank on this node and in the job. */
    public record LocalWorker(int localRank, int rank) {}

    /** The layout when every node runs {@code workersPerNode.get(node)} workers and this wrapper starts all of its node's. */
    public static NodeLayout assigned(int groupRank, List<String> nodes, List<Integer> workersPerNode) {
        int world = 0;
        for (int n : workersPerNode) {
            world += n;
        }
        int local = workersPerNode.get(groupRank);
        List<LocalWorker> ws = new java.util.ArrayList<>();
        for (int l = 0; l < local; l++) {
            ws.add(new LocalWorker(l, RankAssignment.globalRank(workersPerNode, groupRank, l)));
        }
        return new NodeLayout(groupRank, nodes, world, local, ws);
    }
}
