package org.ddpkit.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TasksPerNodeTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2(x3),1     | 2 2 2 1",
            "1           | 1",
            "4(x2)       | 4 4",
            "1,2,3       | 1 2 3",
            "2(x1)       | 2",
            "3,2(x2),3   | 3 2 2 3",
            "16(x128)    | " + "16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 "
                    + "16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 "
                    + "16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 "
                    + "16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16"})
    void parses(String spec, String counts) {
        List<Integer> expected = Arrays.stream(counts.trim().split(" +")).map(Integer::valueOf).toList();
        assertEquals(expected, TasksPerNode.parse(spec.trim()));
    }

    @ParameterizedTest(name = "format {0}")
    @CsvSource(delimiter = '|', value = {"2 2 2 1 | 2(x3),1", "1 | 1", "1 2 2 1 1 | 1,2(x2),1(x2)"})
    void formatsRunsAsSlurmDoes(String counts, String spec) {
        List<Integer> list = Arrays.stream(counts.trim().split(" +")).map(Integer::valueOf).toList();
        assertEquals(spec.trim(), TasksPerNode.format(list));
        assertEquals(list, TasksPerNode.parse(TasksPerNode.format(list)));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", "x", "2(x)", "2(3)", "2(x3", "(x3)", "0", "2(x0)", "-1", "2,,1", "2(x3),", "1.5", "2(y3)"})
    void rejectsQuotingTheInput(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TasksPerNode.parse(spec));
        assertTrue(e.getMessage().startsWith("invalid tasks-per-node list \"" + spec + "\""), e.getMessage());
    }
}
