package org.ddpkit.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlurmStepTest {
    /** What srun set for task 3 of {@code srun --nodes=2 --ntasks-per-node=2} on the local cluster (job 5). */
    static Map<String, String> task3() {
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_JOB_ID", "5");
        env.put("SLURM_STEP_ID", "0");
        env.put("SLURM_PROCID", "3");
        env.put("SLURM_LOCALID", "1");
        env.put("SLURM_NODEID", "1");
        env.put("SLURMD_NODENAME", "node2");
        env.put("SLURM_NTASKS", "4");
        env.put("SLURM_STEP_NUM_TASKS", "4");
        env.put("SLURM_STEP_NUM_NODES", "2");
        env.put("SLURM_STEP_NODELIST", "node[1-2]");
        env.put("SLURM_NODELIST", "node[1-2]");
        env.put("SLURM_STEP_TASKS_PER_NODE", "2(x2)");
        env.put("SLURM_TASKS_PER_NODE", "2(x2)");
        return env;
    }

    @Test
    void readsTheStep() {
        SlurmStep s = SlurmStep.from(task3()).orElseThrow();
        assertEquals(new SlurmStep(5, 0, 3, 1, 1, List.of("node1", "node2"), List.of(2, 2), OptionalInt.empty(), "node2", false), s);
        assertEquals(4, s.numTasks());
        assertEquals(2, s.tasksOnThisNode());
        assertEquals("5.0", s.runId());
    }

    @Test
    void stepVariablesWinOverJobVariables() {
        Map<String, String> env = task3();
        env.put("SLURM_JOB_NODELIST", "node[1-4]");
        env.put("SLURM_NODELIST", "node[1-4]");
        env.put("SLURM_TASKS_PER_NODE", "1(x4)");
        env.put("SLURM_NTASKS", "8");
        SlurmStep s = SlurmStep.from(env).orElseThrow();
        assertEquals(List.of("node1", "node2"), s.nodes());
        assertEquals(List.of(2, 2), s.tasksPerNode());
    }

    @Test
    void jobVariablesServeWhenStepOnesAreMissing() {
        Map<String, String> env = task3();
        env.remove("SLURM_STEP_NODELIST");
        env.remove("SLURM_STEP_TASKS_PER_NODE");
        env.remove("SLURM_STEP_NUM_TASKS");
        env.remove("SLURM_STEP_NUM_NODES");
        assertEquals(List.of("node1", "node2"), SlurmStep.from(env).orElseThrow().nodes());
    }

    @Test
    void reservedPortsAndGpuBindingAreRead() {
        Map<String, String> env = task3();
        env.put("SLURM_STEP_RESV_PORTS", "12000-12001");
        env.put("SLURM_GPUS_PER_TASK", "1");
        SlurmStep s = SlurmStep.from(env).orElseThrow();
        assertEquals(OptionalInt.of(12000), s.resvPort());
        assertTrue(s.gpusPerTask());
    }

    @Test
    void batchScriptAndSallocHaveNoStep() {
        Map<String, String> batch = new HashMap<>(Map.of("SLURM_JOB_ID", "5", "SLURM_PROCID", "0", "SLURM_NODEID", "0",
                "SLURM_LOCALID", "0", "SLURM_JOB_NODELIST", "node[1-2]", "SLURM_TASKS_PER_NODE", "2(x2)"));
        assertFalse(SlurmStep.present(batch));
        assertTrue(SlurmStep.allocationWithoutStep(batch));
        assertTrue(SlurmStep.from(batch).isEmpty());
        assertFalse(SlurmStep.allocationWithoutStep(Map.of()));
        assertFalse(SlurmStep.allocationWithoutStep(task3()));
    }

    static Stream<Arguments> inconsistent() {
        return Stream.of(
                Arguments.of("SLURM_PROCID", "x", "SLURM_PROCID=\"x\" is not a whole number"),
                Arguments.of("SLURM_PROCID", "4", "SLURM_PROCID=4 but the step has 4 tasks"),
                Arguments.of("SLURM_LOCALID", "2", "SLURM_LOCALID=2 but SLURM_STEP_TASKS_PER_NODE=2(x2) gives node 1 only 2 tasks"),
                Arguments.of("SLURM_NODEID", "2", "SLURM_NODEID=2 is outside SLURM_STEP_NODELIST=node[1-2]"),
                Arguments.of("SLURM_STEP_NUM_TASKS", "5", "SLURM_STEP_NUM_TASKS=5 but SLURM_STEP_TASKS_PER_NODE=2(x2) adds up to 4"),
                Arguments.of("SLURM_STEP_NUM_NODES", "3", "SLURM_STEP_NUM_NODES=3 but SLURM_STEP_NODELIST=node[1-2] names 2 nodes"),
                Arguments.of("SLURM_STEP_TASKS_PER_NODE", "2(x3)", "SLURM_STEP_TASKS_PER_NODE=2(x3) covers 3 nodes but SLURM_STEP_NODELIST=node[1-2] names 2"),
                Arguments.of("SLURM_STEP_TASKS_PER_NODE", "2(x", "SLURM_STEP_TASKS_PER_NODE: invalid tasks-per-node list \"2(x\""),
                Arguments.of("SLURM_STEP_NODELIST", "node[1-2", "SLURM_STEP_NODELIST: invalid hostlist \"node[1-2\""),
                Arguments.of("SLURM_STEP_RESV_PORTS", "none", "SLURM_STEP_RESV_PORTS=\"none\" is not a port list"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("inconsistent")
    void inconsistentEnvironmentIsBadConfigNamingTheVariables(String variable, String value, String message) {
        Map<String, String> env = task3();
        env.put(variable, value);
        LaunchException e = assertThrows(LaunchException.class, () -> SlurmStep.from(env));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains(message), () -> "\"" + e.getMessage() + "\" should contain \"" + message + "\"");
    }

    @Test
    void missingNodeListIsNamed() {
        Map<String, String> env = task3();
        env.remove("SLURM_STEP_NODELIST");
        env.remove("SLURM_NODELIST");
        LaunchException e = assertThrows(LaunchException.class, () -> SlurmStep.from(env));
        assertTrue(e.getMessage().contains("none of SLURM_STEP_NODELIST, SLURM_JOB_NODELIST, SLURM_NODELIST is set"), e.getMessage());
    }

    @Test
    void everyRowOfTheTableNamesVariablesAndAMeaning() {
        for (SlurmField f : SlurmField.values()) {
            assertFalse(f.variables().isEmpty(), f.name());
            assertTrue(f.variables().stream().allMatch(v -> v.startsWith("SLURM")), f.name());
            assertFalse(f.meaning().isBlank(), f.name());
        }
    }
}
