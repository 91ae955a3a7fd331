package org.ddpkit.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DistributedSampler against PyTorch's documented algorithm. */
class SamplerTest {
    /**
     * n = 10 over 3 replicas, no shuffle: PyTorch pads the order 0…9 with its first two
     * indices to 12 and gives rank r every third index from r; with drop_last it cuts to 9.
     */
    @Test
    void pytorchsWorkedExample() {
        assertArrayEquals(new int[] {0, 3, 6, 9}, new DistributedSampler(10, 3, 0, false, 0, false).indices());
        assertArrayEquals(new int[] {1, 4, 7, 0}, new DistributedSampler(10, 3, 1, false, 0, false).indices());
        assertArrayEquals(new int[] {2, 5, 8, 1}, new DistributedSampler(10, 3, 2, false, 0, false).indices());
        assertArrayEquals(new int[] {0, 3, 6}, new DistributedSampler(10, 3, 0, false, 0, true).indices());
        assertArrayEquals(new int[] {2, 5, 8}, new DistributedSampler(10, 3, 2, false, 0, true).indices());
        // more padding than data: n = 2 over 5 replicas repeats the order
        assertArrayEquals(new int[] {0}, new DistributedSampler(2, 5, 2, false, 0, false).indices());
        assertArrayEquals(new int[] {1}, new DistributedSampler(2, 5, 3, false, 0, false).indices());
        assertEquals(0, new DistributedSampler(2, 5, 3, false, 0, true).length());
    }

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(60_000, 2, false), Arguments.of(60_000, 3, false), Arguments.of(60_000, 7, true),
                Arguments.of(10, 4, false), Arguments.of(10, 4, true), Arguments.of(1, 3, false), Arguments.of(97, 8, true));
    }

    @ParameterizedTest(name = "n={0} replicas={1} dropLast={2}")
    @MethodSource("configurations")
    void sharesAreEqualDisjointAndCoverTheData(int n, int replicas, boolean dropLast) {
        int per = dropLast ? n / replicas : (n + replicas - 1) / replicas;
        int[] seen = new int[n];
        for (int r = 0; r < replicas; r++) {
            DistributedSampler s = new DistributedSampler(n, replicas, r, true, 42, dropLast);
            s.setEpoch(3);
            int[] idx = s.indices();
            assertEquals(per, s.length());
            assertEquals(per, idx.length);
            for (int i : idx) {
                seen[i]++;
            }
        }
        int padding = per * replicas - n;
        int missing = 0, extra = 0;
        for (int c : seen) {
            missing += c == 0 ? 1 : 0;
            extra += Math.max(0, c - 1);
        }
        if (dropLast) {
            assertEquals(n - per * replicas, missing, "drop_last drops exactly the tail");
            assertEquals(0, extra, "no index twice");
        } else {
            assertEquals(0, missing, "every index is visited");
            assertEquals(padding, extra, "padding repeats exactly " + padding + " indices");
        }
    }

    @Test
    void setEpochReshufflesTheSameWayOnEveryRank() {
        DistributedSampler a = new DistributedSampler(1000, 2, 0, true, 7, false);
        DistributedSampler b = new DistributedSampler(1000, 2, 1, true, 7, false);
        int[] e0 = a.indices();
        a.setEpoch(1);
        b.setEpoch(1);
        int[] a1 = a.indices(), b1 = b.indices();
        assertFalse(Arrays.equals(e0, a1), "a new epoch gives a new order");
        Set<Integer> union = new HashSet<>();
        for (int i : a1) {
            union.add(i);
        }
        for (int i : b1) {
            assertTrue(union.add(i), "ranks share index " + i + " in epoch 1");
        }
        assertEquals(1000, union.size());
        a.setEpoch(0);
        assertArrayEquals(e0, a.indices(), "the order is a function of the epoch");
    }

    @Test
    void badRanksAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 2, 2));
        assertEquals("rank: must be in [0, 1], got \"2\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 0, 0));
    }

    @Test
    void randomSamplerPermutesPerEpoch() {
        RandomSampler s = new RandomSampler(100, 1);
        int[] e0 = s.indices();
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new SequentialSampler(100).indices(), sorted);
        s.setEpoch(1);
        assertFalse(Arrays.equals(e0, s.indices()));
    }
}
