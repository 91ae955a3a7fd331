package org.ddpkit.launch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModeSelectorTest {
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
            "x                                      | none  | STANDALONE",
            "--nproc-per-node 4 x                   | none  | STANDALONE",
            "--standalone x                         | step  | STANDALONE",
            "x                                      | step  | PER_TASK",
            "--nproc-per-node 2 x                   | step  | PER_NODE",
            "--nnodes 2 x                           | step  | PER_TASK",
            "--nnodes 2 --rdzv-endpoint h:1 x       | none  | RENDEZVOUS",
            "--rdzv-endpoint h:1 x                  | step  | RENDEZVOUS",
            "--standalone x                         | alloc | STANDALONE"})
    void picksTheMode(String args, String where, LaunchMode mode) {
        Map<String, String> env = switch (where.trim()) {
            case "step" -> PlannerTest.task(0, 2, 2);
            case "alloc" -> Map.of("SLURM_JOB_ID", "9", "SLURM_JOB_NUM_NODES", "2");
            default -> Map.of();
        };
        assertEquals(mode, ModeSelector.select(PlannerTest.config(args.trim().split(" +")), env, List.of()));
    }

    @Test
    void severalNodesWithoutSlurmNeedAnEndpoint() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> ModeSelector.select(PlannerTest.config("--nnodes", "2", "x"), Map.of(), List.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("add --rdzv-endpoint HOST[:PORT]"), e.getMessage());
    }

    @Test
    void insideSallocWithoutStepShowsTheSrunLine() {
        Map<String, String> env = new HashMap<>(Map.of("SLURM_JOB_ID", "9", "SLURM_JOB_NUM_NODES", "2", "SLURM_NTASKS_PER_NODE", "2",
                "DDPKIT_ARGV0", "/opt/ddpkit/bin/srun-wrapper"));
        List<String> args = List.of("--max-restarts", "1", "--", "train", "--name", "my run");
        LaunchException e = assertThrows(LaunchException.class,
                () -> ModeSelector.select(PlannerTest.config(args.toArray(String[]::new)), env, args));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("SLURM job 9 is allocated but no job step is running here"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  srun --nodes=2 --ntasks-per-node=2 /opt/ddpkit/bin/srun-wrapper --max-restarts 1 -- train --name 'my run'\n"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("or pass --standalone to run on this node only"), e.getMessage());
        List<String> perNode = List.of("--nproc-per-node", "2", "train");
        LaunchException p = assertThrows(LaunchException.class,
                () -> ModeSelector.select(PlannerTest.config(perNode.toArray(String[]::new)), env, perNode));
        assertTrue(p.getMessage().contains("srun --nodes=2 --ntasks-per-node=1 /opt/ddpkit/bin/srun-wrapper --nproc-per-node 2 train"),
                p.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DDPKIT_LAUNCHER, srun-wrapper", "TORCHELASTIC_RUN_ID, abc"})
    void aWrapperInsideAnotherLaunchersWorkerIsRefused(String variable, String value) {
        LaunchException e = assertThrows(LaunchException.class,
                () -> ModeSelector.select(PlannerTest.config("x"), Map.of(variable, value), List.of()));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains(variable + "=" + value + " is set"), e.getMessage());
    }
}
