package org.ddpkit.launch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RankAssignmentTest {
    @ParameterizedTest(name = "nodes {0}, node {1}, local {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "2 2   | 0 | 0 | 0",
            "2 2   | 0 | 1 | 1",
            "2 2   | 1 | 0 | 2",
            "2 2   | 1 | 1 | 3",
            "4     | 0 | 3 | 3",
            "3 1 2 | 1 | 0 | 3",
            "3 1 2 | 2 | 1 | 5",
            "8 8 8 | 2 | 7 | 23"})
    void globalRankIsNodeBasePlusLocalRank(String perNode, int node, int local, int rank) {
        List<Integer> sizes = Arrays.stream(perNode.trim().split(" +")).map(Integer::valueOf).toList();
        assertEquals(rank, RankAssignment.globalRank(sizes, node, local));
    }

    @Test
    void everyWorkerGetsADistinctRankFromZeroToWorldSizeMinusOne() {
        List<Integer> sizes = List.of(3, 1, 4, 2);
        List<Integer> ranks = new ArrayList<>();
        for (int node = 0; node < sizes.size(); node++) {
            for (int local = 0; local < sizes.get(node); local++) {
                ranks.add(RankAssignment.globalRank(sizes, node, local));
            }
        }
        assertEquals(java.util.stream.IntStream.range(0, 10).boxed().toList(), ranks);
    }

    @Test
    void ranksOutsideTheLayoutAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RankAssignment.globalRank(List.of(2, 2), 2, 0));
        assertThrows(IllegalArgumentException.class, () -> RankAssignment.globalRank(List.of(2, 2), 0, 2));
    }
}
