package org.ddpkit.comm;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;


/**
 * Every collective with real ranks (one JVM each) for 1 to 4 ranks, on one node (shared
 * memory), on several "nodes" of this host (the TCP ring) and mixed; results must be exact
 * (inputs whose sums are exact in float) and bit-identical on every rank.
 */
class CollectivesTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("cpu", new int[] {1}),
                Arguments.of("cpu", new int[] {2}),       // shared memory
                Arguments.of("cpu", new int[] {3}),       // shared memory, shares not divisible
                Arguments.of("cpu", new int[] {1, 1, 2}), // ring of 3 nodes, one with shared memory
                Arguments.of("mpj", new int[] {1}),
                Arguments.of("mpj", new int[] {2}),
                Arguments.of("mpj", new int[] {3}),
                Arguments.of("mpj", new int[] {2, 2}));
    }

    @ParameterizedTest(name = "{0} ranks per node {1}")
    @MethodSource("layouts")
    @Timeout(120)
    void everyCollectiveIsExactAndBitIdentical(String backend, int[] perNode) throws Exception {
        Path dir = Path.of("target", "ranks", "collectives-" + backend + "-" + Arrays.toString(perNode).replaceAll("[^0-9]+", "_"));
        // one layout runs as bin/* does (C2, Vector API loops); the others lean, to save CPU
        boolean full = backend.equals("cpu") && perNode.length == 1 && perNode[0] == 3;
        CommTestRanks.assertCollectivesPass(backend, perNode, dir, full);
    }
}
