package org.ddpkit.comm.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NodeLayoutCheckTest {

    private static JoinRequest q(int rank, int local, int localSize, int group, String host) {
        return new JoinRequest("run", 0, rank, 4, local, localSize, group, 1000, 100 + rank, host, "cpu");
    }

    @Test
    void twoNodesOfTwo() {
        assertNull(NodeLayoutCheck.check(List.of(q(0, 0, 2, 0, "a"), q(1, 1, 2, 0, "a"), q(2, 0, 2, 1, "b"),
                q(3, 1, 2, 1, "b"))));
    }

    @Test
    void oneGroupRankOnTwoHosts() {
        assertEquals("GROUP_RANK 0 spans two hosts: rank 0 (host a, pid 100) and rank 1 (host b, pid 101); "
                        + "ranks with one GROUP_RANK must run on one node",
                NodeLayoutCheck.check(List.of(q(0, 0, 2, 0, "a"), q(1, 1, 2, 0, "b"))));
    }

    @Test
    void localWorldSizeDisagreesWithTheRanksThatCame() {
        assertEquals("rank 0 (host a, pid 100) has LOCAL_WORLD_SIZE=3 but 2 ranks joined with GROUP_RANK 0",
                NodeLayoutCheck.check(List.of(q(0, 0, 3, 0, "a"), q(1, 1, 3, 0, "a"))));
    }

    @Test
    void localRankTwice() {
        assertEquals("LOCAL_RANK 0 appears twice on GROUP_RANK 0 (rank 1 (host a, pid 101))",
                NodeLayoutCheck.check(List.of(q(0, 0, 2, 0, "a"), q(1, 0, 2, 0, "a"))));
    }
}
