package org.ddpkit.launch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The root cause is the first observed failure, unless that is an exit 75 (mpi-backend's status
 * for a rank that lost its peer) and another worker failed otherwise: the killed peer is the cause.
 */
class RootCauseTest {
    @ParameterizedTest(name = "exits {0} -> order {1}")
    @CsvSource({
            "'3',          '0'",
            "'75',         '0'",
            "'75 75',      '0 1'",
            "'75 137',     '1 0'",
            "'75 75 9 3',  '2 0 1 3'",
            "'137 75',     '0 1'"})
    void aFailureOtherThan75ComesFirst(String codes, String order) {
        String[] c = codes.split(" ");
        List<WorkerExit> failures = new ArrayList<>();
        for (int rank = 0; rank < c.length; rank++) {
            failures.add(FailureReportTest.exit(rank, Integer.parseInt(c[rank])));
        }
        List<Integer> ranks = LocalAgent.rootFirst(failures).stream().map(WorkerExit::rank).toList();
        assertEquals(Arrays.stream(order.split(" ")).map(Integer::valueOf).toList(), ranks);
    }
}
