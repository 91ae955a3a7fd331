package org.ddpkit.launch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuAssignmentTest {
    /** Per-node mode: N workers on a node whose wrapper sees CUDA_VISIBLE_DEVICES. */
    @ParameterizedTest(name = "CUDA_VISIBLE_DEVICES={0}, {1} workers -> {2}")
    @CsvSource(delimiter = '|', value = {
            "0,1        | 2 | 0=0 1=1",
            "3,1        | 2 | 0=3 1=1",
            "4,5,6,7    | 2 | 0=4 1=5",
            "GPU-aa,GPU-bb | 2 | 0=GPU-aa 1=GPU-bb",
            "''         | 4 | ''",
            "NoDevFiles | 2 | ''"})
    void perNodeWorkersGetTheLocalRankThEntry(String cvd, int workers, String expected) {
        NodeLayout layout = NodeLayout.assigned(0, List.of("n"), List.of(workers));
        var visible = GpuAssignment.visible(Map.of(GpuAssignment.CUDA_VISIBLE_DEVICES, cvd), FixedHost.plain());
        assertEquals(expected, render(GpuAssignment.assign(layout, visible, false, false, true)));
    }

    /** Per-task mode: one worker per wrapper, LOCAL_WORLD_SIZE tasks on the node. */
    @ParameterizedTest(name = "task {0} of {1}, CUDA_VISIBLE_DEVICES={2}, gpus-per-task {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "1 | 2 | 0,1     | false | 1=1",
            "1 | 2 | 2,3     | false | 1=3",
            "0 | 2 | 5       | false | ''",
            "1 | 2 | 0,1     | true  | ''",
            "1 | 2 | 0,1,2,3 | false | 1=1"})
    void perTaskWorkersGetTheirEntryOnlyWhenTheySeeTheWholeNode(int local, int lws, String cvd, boolean perTask, String expected) {
        NodeLayout layout = new NodeLayout(0, List.of("n"), lws, lws, List.of(new NodeLayout.LocalWorker(local, local)));
        var visible = GpuAssignment.visible(Map.of(GpuAssignment.CUDA_VISIBLE_DEVICES, cvd), FixedHost.plain());
        assertEquals(expected, render(GpuAssignment.assign(layout, visible, true, perTask, true)));
    }

    @Test
    void devicesAreUsedWhenCudaVisibleDevicesIsUnset() {
        var visible = GpuAssignment.visible(Map.of(), FixedHost.plain().withGpus("0", "1"));
        NodeLayout layout = NodeLayout.assigned(0, List.of("n"), List.of(2));
        assertEquals("0=0 1=1", render(GpuAssignment.assign(layout, visible, false, false, true)));
    }

    @Test
    void moreWorkersThanGpusIsAnError() {
        var visible = GpuAssignment.visible(Map.of(GpuAssignment.CUDA_VISIBLE_DEVICES, "0,1"), FixedHost.plain());
        LaunchException e = assertThrows(LaunchException.class,
                () -> GpuAssignment.assign(NodeLayout.assigned(0, List.of("n"), List.of(3)), visible, false, false, true));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("3 workers on this node but only 2 GPUs visible (CUDA_VISIBLE_DEVICES=0,1)"), e.getMessage());
        assertTrue(e.getMessage().contains("--no-gpu-bind"), e.getMessage());
        NodeLayout task = new NodeLayout(0, List.of("n"), 4, 4, List.of(new NodeLayout.LocalWorker(3, 3)));
        LaunchException t = assertThrows(LaunchException.class, () -> GpuAssignment.assign(task, visible, true, false, true));
        assertTrue(t.getMessage().contains("at most 2 tasks per node"), t.getMessage());
    }

    @Test
    void noBindLeavesEverythingAlone() {
        var visible = GpuAssignment.visible(Map.of(GpuAssignment.CUDA_VISIBLE_DEVICES, "0,1"), FixedHost.plain());
        assertTrue(GpuAssignment.assign(NodeLayout.assigned(0, List.of("n"), List.of(8)), visible, false, false, false).isEmpty());
    }

    private static String render(Map<Integer, String> m) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
