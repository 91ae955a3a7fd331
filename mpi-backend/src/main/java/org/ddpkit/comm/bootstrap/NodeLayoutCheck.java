package org.ddpkit.comm.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the joined ranks form nodes: the ranks with one GROUP_RANK share a host, agree on
 * LOCAL_WORLD_SIZE and hold each LOCAL_RANK 0 … LOCAL_WORLD_SIZE-1 once. Shared memory between
 * them depends on it.
 */
final class NodeLayoutCheck {
    private NodeLayoutCheck() {}

    /** The first problem found, or null when the layout is sound. */
    static String check(List<JoinRequest> all) {
        Map<Integer, List<JoinRequest>> byNode = all.stream()
                .collect(Collectors.groupingBy(JoinRequest::groupRank, TreeMap::new, Collectors.toList()));
        for (Map.Entry<Integer, List<JoinRequest>> e : byNode.entrySet()) {
            List<JoinRequest> node = e.getValue();
            JoinRequest first = node.getFirst();
            TreeSet<Integer> locals = new TreeSet<>();
            for (JoinRequest q : node) {
                if (!q.host().equals(first.host())) {
                    return "GROUP_RANK " + e.getKey() + " spans two hosts: " + first.who() + " and " + q.who()
                            + "; ranks with one GROUP_RANK must run on one node";
                }
                if (q.localWorldSize() != node.size()) {
                    return q.who() + " has LOCAL_WORLD_SIZE=" + q.localWorldSize() + " but " + node.size()
                            + " ranks joined with GROUP_RANK " + e.getKey();
                }
                if (!locals.add(q.localRank())) {
                    return "LOCAL_RANK " + q.localRank() + " appears twice on GROUP_RANK " + e.getKey() + " (" + q.who() + ")";
                }
            }
        }
        return null;
    }
}
