package org.ddpkit.launch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.cli.ConfigParser;
import org.ddpkit.launch.cli.Invocation;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.slurm.MasterPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {
    static LaunchConfig config(String... args) {
        return ((Invocation.Run) ConfigParser.parse(List.of(args))).config();
    }

    /** The environment srun gives task {@code proc} of a step with {@code perNode} tasks on each of node1..nodeN. */
    static Map<String, String> task(int proc, int perNode, int nodes) {
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_JOB_ID", "5");
        env.put("SLURM_STEP_ID", "0");
        env.put("SLURM_PROCID", Integer.toString(proc));
        env.put("SLURM_LOCALID", Integer.toString(proc % perNode));
        env.put("SLURM_NODEID", Integer.toString(proc / perNode));
        env.put("SLURMD_NODENAME", "node" + (proc / perNode + 1));
        env.put("SLURM_STEP_NUM_TASKS", Integer.toString(perNode * nodes));
        env.put("SLURM_STEP_NUM_NODES", Integer.toString(nodes));
        env.put("SLURM_STEP_NODELIST", "node[1-" + nodes + "]");
        env.put("SLURM_STEP_TASKS_PER_NODE", perNode + "(x" + nodes + ")");
        return env;
    }

    static LaunchPlan plan(LaunchConfig c, Map<String, String> env) {
        return Planner.plan(c, env, FixedHost.plain(), ModeSelector.select(c, env, List.of()), 0);
    }

    @Test
    void perTaskTwoNodesTimesTwoTasks() {
        Set<String> ranks = new HashSet<>();
        Set<String> masters = new HashSet<>();
        for (int proc = 0; proc < 4; proc++) {
            LaunchPlan p = plan(config("--", "train"), task(proc, 2, 2));
            assertEquals(LaunchMode.PER_TASK, p.mode());
            assertEquals(1, p.workers().size());
            Map<String, String> env = p.workers().getFirst().env();
            ranks.add(env.get("RANK"));
            masters.add(env.get("MASTER_ADDR") + ":" + env.get("MASTER_PORT"));
            assertEquals(Integer.toString(proc % 2), env.get("LOCAL_RANK"));
            assertEquals(Integer.toString(proc / 2), env.get("GROUP_RANK"));
            assertEquals("4", env.get("WORLD_SIZE"));
            assertEquals("2", env.get("LOCAL_WORLD_SIZE"));
            assertEquals("5.0", env.get("DDPKIT_RUN_ID"));
            assertEquals("0", env.get("DDPKIT_RESTART_COUNT"));
            assertEquals("node" + (proc / 2 + 1), p.hostname());
        }
        assertEquals(Set.of("0", "1", "2", "3"), ranks);
        assertEquals(Set.of("node1:" + MasterPort.derive(5, 0)), masters);
    }

    @Test
    void perNodeTwoNodesTimesTwoWorkers() {
        List<String> ranks = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            LaunchPlan p = plan(config("--nproc-per-node", "2", "train"), task(node, 1, 2));
            assertEquals(LaunchMode.PER_NODE, p.mode());
            for (WorkerSpec w : p.workers()) {
                ranks.add(w.env().get("RANK"));
                assertEquals("4", w.env().get("WORLD_SIZE"));
                assertEquals("2", w.env().get("LOCAL_WORLD_SIZE"));
                assertEquals(Integer.toString(node), w.env().get("GROUP_RANK"));
                assertEquals("node1", w.env().get("MASTER_ADDR"));
                assertEquals(List.of("train"), w.command());
            }
        }
        assertEquals(List.of("0", "1", "2", "3"), ranks);
    }

    /** Only the node that runs rank 0 listens on MASTER_PORT, so only there a busy port is an error, and only before the first attempt. */
    @ParameterizedTest(name = "task {0}, restart {1}: refused {2}")
    @CsvSource({"0, 0, true", "1, 0, false", "2, 0, false", "0, 1, false"})
    void aBusyMasterPortIsRefusedWhereRankZeroRuns(int proc, int restart, boolean refused) {
        LaunchConfig c = config("x");
        Map<String, String> env = task(proc, 2, 2);
        FixedHost host = FixedHost.plain().withListening(MasterPort.derive(5, 0));
        if (!refused) {
            assertEquals(MasterPort.derive(5, 0), Planner.plan(c, env, host, LaunchMode.PER_TASK, restart).master().port());
            return;
        }
        LaunchException ex = assertThrows(LaunchException.class, () -> Planner.plan(c, env, host, LaunchMode.PER_TASK, restart));
        assertEquals(ExitCode.CONFIG, ex.exitCode());
        assertTrue(ex.getMessage().startsWith("MASTER_PORT " + MasterPort.derive(5, 0) + " (") && ex.getMessage().contains(
                ") is already in use on node1, where rank 0 must listen"), ex.getMessage());
    }

    @Test
    void stackedLaunchersAreRefusedNamingTheVariables() {
        LaunchException e = assertThrows(LaunchException.class, () -> plan(config("--nproc-per-node", "2", "x"), task(1, 2, 2)));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("SLURM_STEP_TASKS_PER_NODE=2(x2), SLURM_NODEID=0"), e.getMessage());
        assertTrue(e.getMessage().contains("--ntasks-per-node=1"), e.getMessage());
        assertTrue(e.getMessage().contains("drop --nproc-per-node"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "flag wins          | --master-port=12001 | 12002 | 13000-13001 | 12001 | --master-port",
            "env wins over resv | ''                  | 12002 | 13000-13001 | 12002 | env MASTER_PORT",
            "resv ports         | ''                  | ''    | 13000-13001 | 13000 | first port of SLURM_STEP_RESV_PORTS",
            "derived            | ''                  | ''    | ''          | 10080 | derived from SLURM job 5 step 0"})
    void masterPortPrecedence(String name, String flag, String env, String resv, int port, String source) {
        Map<String, String> e = task(0, 2, 2);
        if (!env.isEmpty()) {
            e.put("MASTER_PORT", env);
        }
        if (!resv.isEmpty()) {
            e.put("SLURM_STEP_RESV_PORTS", resv);
        }
        LaunchConfig c = flag.isEmpty() ? config("x") : config(flag, "x");
        LaunchPlan p = plan(c, e);
        assertEquals(port, p.master().port());
        assertEquals(source, p.master().portSource());
        assertEquals(Integer.toString(port), p.workers().getFirst().env().get("MASTER_PORT"));
    }

    @Test
    void badMasterPortInTheEnvironmentIsBadConfig() {
        Map<String, String> e = task(0, 2, 2);
        e.put("MASTER_PORT", "http");
        LaunchException ex = assertThrows(LaunchException.class, () -> plan(config("x"), e));
        assertEquals(ExitCode.CONFIG, ex.exitCode());
        assertTrue(ex.getMessage().contains("MASTER_PORT: \"http\""), ex.getMessage());
    }

    @Test
    void masterAddrIsTheFirstNodeUnlessGiven() {
        assertEquals("node1", plan(config("x"), task(3, 2, 2)).master().addr());
        assertEquals("first host of SLURM_STEP_NODELIST", plan(config("x"), task(3, 2, 2)).master().addrSource());
        assertEquals("10.0.0.9", plan(config("--master-addr", "10.0.0.9", "x"), task(3, 2, 2)).master().addr());
        Map<String, String> e = task(3, 2, 2);
        e.put("MASTER_ADDR", "node2");
        assertEquals("node2", plan(config("x"), e).master().addr());
    }

    @Test
    void unresolvableMasterAddrSuggestsTheFlag() {
        Map<String, String> e = task(3, 2, 2);
        e.put("SLURM_STEP_NODELIST", "gone[1-2]");
        LaunchException ex = assertThrows(LaunchException.class, () -> plan(config("x"), e));
        assertEquals(ExitCode.CONFIG, ex.exitCode());
        assertTrue(ex.getMessage().contains("MASTER_ADDR \"gone1\" (first host of SLURM_STEP_NODELIST) does not resolve on node2"), ex.getMessage());
        assertTrue(ex.getMessage().contains("--master-addr"), ex.getMessage());
    }

    @Test
    void standaloneByDefaultWithoutSlurm() {
        LaunchPlan p = plan(config("--nproc-per-node", "4", "x"), Map.of());
        assertEquals(LaunchMode.STANDALONE, p.mode());
        assertEquals(List.of(0, 1, 2, 3), p.workers().stream().map(WorkerSpec::rank).toList());
        assertEquals("127.0.0.1", p.master().addr());
        assertEquals(15000, p.master().port());
        assertEquals("local-4242", p.runId());
        assertEquals(1, plan(config("x"), Map.of()).workers().size());
    }

    @Test
    void standaloneInsideAnAllocationKeepsTheJobAsRunId() {
        LaunchPlan p = plan(config("--standalone", "x"), Map.of("SLURM_JOB_ID", "77"));
        assertEquals(LaunchMode.STANDALONE, p.mode());
        assertEquals("77", p.runId());
        assertEquals("abc", plan(config("--standalone", "--rdzv-id", "abc", "x"), Map.of("SLURM_JOB_ID", "77")).runId());
    }

    @Test
    void restartCountIsExported() {
        LaunchConfig c = config("--max-restarts", "3", "x");
        LaunchPlan p = Planner.plan(c, Map.of(), FixedHost.plain(), LaunchMode.STANDALONE, 2);
        assertEquals("2", p.workers().getFirst().env().get("DDPKIT_RESTART_COUNT"));
        assertEquals("3", p.workers().getFirst().env().get("DDPKIT_MAX_RESTARTS"));
        assertEquals(2, p.restartCount());
    }

    @Test
    void nnodesAndNodeRankMustAgreeWithSlurm() {
        LaunchException e = assertThrows(LaunchException.class, () -> plan(config("--nnodes", "3", "x"), task(0, 2, 2)));
        assertTrue(e.getMessage().contains("--nnodes 3 but the SLURM step runs on 2 nodes"), e.getMessage());
        LaunchException r = assertThrows(LaunchException.class, () -> plan(config("--node-rank", "1", "x"), task(0, 2, 2)));
        assertTrue(r.getMessage().contains("--node-rank 1 but SLURM_NODEID=0"), r.getMessage());
        assertEquals(LaunchMode.PER_TASK, plan(config("--nnodes", "2", "x"), task(0, 2, 2)).mode());
    }

    @Test
    void nprocPerNodeKinds() {
        FixedHost gpus = FixedHost.plain().withGpus("0", "1");
        Map<String, String> none = Map.of();
        assertEquals(8, Planner.workersPerNode(config("--nproc-per-node", "cpu", "x").nprocPerNode().orElseThrow(), none, gpus));
        assertEquals(2, Planner.workersPerNode(config("--nproc-per-node", "gpu", "x").nprocPerNode().orElseThrow(), none, gpus));
        assertEquals(2, Planner.workersPerNode(config("--nproc-per-node", "auto", "x").nprocPerNode().orElseThrow(), none, gpus));
        assertEquals(8, Planner.workersPerNode(config("--nproc-per-node", "auto", "x").nprocPerNode().orElseThrow(), none, FixedHost.plain()));
        assertEquals(3, Planner.workersPerNode(config("--nproc-per-node", "gpu", "x").nprocPerNode().orElseThrow(),
                Map.of("CUDA_VISIBLE_DEVICES", "4,5,6"), gpus));
        LaunchException e = assertThrows(LaunchException.class,
                () -> Planner.workersPerNode(config("--nproc-per-node", "gpu", "x").nprocPerNode().orElseThrow(), none, FixedHost.plain()));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("no GPU visible on vm"), e.getMessage());
    }

    @Test
    void cpuWorkersOnAGpuNodeGetNoGpu() {
        LaunchPlan p = Planner.plan(config("--nproc-per-node", "cpu", "x"), Map.of("CUDA_VISIBLE_DEVICES", "0,1"),
                FixedHost.plain(), LaunchMode.STANDALONE, 0);
        assertEquals(8, p.workers().size());
        assertFalse(p.workers().getFirst().env().containsKey("CUDA_VISIBLE_DEVICES"));
    }

    @Test
    void perNodeGpuWorkersEachGetOneEntry() {
        Map<String, String> e = task(1, 1, 2);
        e.put("CUDA_VISIBLE_DEVICES", "2,3");
        LaunchPlan p = plan(config("--nproc-per-node", "gpu", "x"), e);
        assertEquals(List.of("2", "3"), p.workers().stream().map(w -> w.env().get("CUDA_VISIBLE_DEVICES")).toList());
    }

    @Test
    void aMasterPortInMpjsRangeIsNoted() {
        LaunchPlan p = plan(config("--master-port", "29500", "x"), Map.of());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("MASTER_PORT 29500 (--master-port) lies in 25000–40000")), p.notes().toString());
        assertTrue(plan(config("x"), Map.of()).notes().isEmpty());
    }

    @Test
    void dryRunTextShowsModeNodesMasterAndEveryWorkersEnv() {
        LaunchPlan p = plan(config("--nproc-per-node", "2", "train", "a b"), task(1, 1, 2));
        String text = PlanPrinter.render(p, List.of());
        assertTrue(text.contains("mode          : per-node"), text);
        assertTrue(text.contains("nodes         : node[1-2] = node1 node2"), text);
        assertTrue(text.contains("master addr   : node1 (first host of SLURM_STEP_NODELIST)"), text);
        assertTrue(text.contains("command       : train 'a b'"), text);
        assertTrue(text.contains("worker rank 3 (local rank 1):\n  RANK=3\n  LOCAL_RANK=1\n  WORLD_SIZE=4"), text);
    }
}
