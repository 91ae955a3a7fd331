package org.ddpkit.launch.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.config.NprocPerNode;
import org.ddpkit.launch.slurm.Hostlist;
import org.ddpkit.launch.slurm.MasterPort;
import org.ddpkit.launch.slurm.SlurmField;
import org.ddpkit.launch.slurm.SlurmStep;

/**
 * Config + environment + host facts → {@link LaunchPlan}, for every mode but rendezvous (whose
 * layout comes from the rendezvous and is then {@link #assemble}d the same way).
 */
public final class Planner {
    /** MASTER_ADDR outside SLURM and rendezvous. */
    public static final String LOOPBACK = "127.0.0.1";

    private Planner() {}

    public static LaunchPlan plan(LaunchConfig c, Map<String, String> env, HostInfo host, LaunchMode mode, int restartCount) {
        List<String> notes = new ArrayList<>();
        switch (mode) {
            case PER_TASK, PER_NODE -> {
                SlurmStep step = SlurmStep.from(env).orElseThrow(() -> LaunchException.config("no SLURM step in the environment"));
                checkFlagsAgainstSlurm(c, step, env);
                NodeLayout layout;
                if (mode == LaunchMode.PER_TASK) {
                    layout = new NodeLayout(step.nodeId(), step.nodes(), step.numTasks(), step.tasksOnThisNode(),
                            List.of(new NodeLayout.LocalWorker(step.localId(), step.procId())));
                } else {
                    requireOneTaskPerNode(step, env, c);
                    int n = workersPerNode(c.nprocPerNode().orElseThrow(), env, host);
                    layout = NodeLayout.assigned(step.nodeId(), step.nodes(), Collections.nCopies(step.nodes().size(), n));
                }
                MasterChoice master = slurmMaster(c, env, step);
                String hostname = step.nodeName().isEmpty() ? host.hostname() : step.nodeName();
                return assemble(c, env, host, mode, layout, master, runId(c, env, host), hostname, restartCount, step.gpusPerTask(), notes);
            }
            case STANDALONE -> {
                int n = workersPerNode(c.nprocPerNode().orElse(NprocPerNode.of(1)), env, host);
                String hostname = host.hostname();
                NodeLayout layout = NodeLayout.assigned(0, List.of(hostname), List.of(n));
                return assemble(c, env, host, mode, layout, standaloneMaster(c, env, host), runId(c, env, host), hostname,
                        restartCount, false, notes);
            }
            default -> throw new IllegalArgumentException("rendezvous plans are assembled from the rendezvous outcome");
        }
    }

    /** The plan for a resolved layout and master: each worker's env and GPU. */
    public static LaunchPlan assemble(LaunchConfig c, Map<String, String> env, HostInfo host, LaunchMode mode, NodeLayout layout,
                                      MasterChoice master, String runId, String hostname, int restartCount,
                                      boolean gpusPerTask, List<String> notes) {
        List<String> allNotes = new ArrayList<>(notes);
        if (!isAddressLiteral(master.addr()) && !host.resolves(master.addr())) {
            throw LaunchException.config("MASTER_ADDR \"" + master.addr() + "\" (" + master.addrSource() + ") does not resolve on "
                    + hostname + "; pass --master-addr with a name or address that every node can reach");
        }
        if (restartCount == 0 && hostsRankZero(layout) && host.listening(master.port())) {
            throw LaunchException.config("MASTER_PORT " + master.port() + " (" + master.portSource() + ") is already in use on "
                    + hostname + ", where rank 0 must listen: another job or a leftover worker holds it; pass --master-port with"
                    + " a free port" + (mode == LaunchMode.STANDALONE ? " or leave it unset to get one" : ""));
        }
        if (MasterPort.clashesWithMpj(master.port())) {
            allNotes.add("MASTER_PORT " + master.port() + " (" + master.portSource() + ") lies in " + MasterPort.MPJ_LOW + "–"
                    + MasterPort.MPJ_HIGH + ", where MPJ Express opens its own sockets; a collision is possible");
        }
        boolean cpuOnly = c.nprocPerNode().map(n -> n.kind() == NprocPerNode.Kind.CPU).orElse(false);
        Map<Integer, String> gpus = GpuAssignment.assign(layout, GpuAssignment.visible(env, host),
                mode == LaunchMode.PER_TASK, gpusPerTask, c.gpuBind() && !cpuOnly);
        List<WorkerSpec> workers = new ArrayList<>();
        for (NodeLayout.LocalWorker w : layout.workers()) {
            Map<String, String> vars = new LinkedHashMap<>(EnvContract.of(layout, w, master, restartCount,
                    c.supervision().maxRestarts(), runId, c.role()));
            Optional.ofNullable(gpus.get(w.localRank())).ifPresent(g -> vars.put(GpuAssignment.CUDA_VISIBLE_DEVICES, g));
            workers.add(new WorkerSpec(w.rank(), w.localRank(), vars, c.command()));
        }
        return new LaunchPlan(mode, runId, c.role(), hostname, layout, master, restartCount, workers, allNotes);
    }

    /** True when rank 0, which listens on MASTER_PORT, is one of this node's workers. */
    private static boolean hostsRankZero(NodeLayout layout) {
        for (NodeLayout.LocalWorker w : layout.workers()) {
            if (w.rank() == 0) {
                return true;
            }
        }
        return false;
    }

    /** Workers of this node for {@code --nproc-per-node}. */
    public static int workersPerNode(NprocPerNode n, Map<String, String> env, HostInfo host) {
        return switch (n.kind()) {
            case COUNT -> n.count();
            case CPU -> host.cpuCount();
            case GPU -> {
                GpuAssignment.Visible v = GpuAssignment.visible(env, host);
                if (v.entries().isEmpty()) {
                    throw new LaunchException(ExitCode.UNAVAILABLE, "--nproc-per-node gpu: no GPU visible on " + host.hostname()
                            + " (" + v.source() + "); give a number or cpu");
                }
                yield v.entries().size();
            }
            case AUTO -> {
                int g = GpuAssignment.visible(env, host).entries().size();
                yield g > 0 ? g : host.cpuCount();
            }
        };
    }

    /** DDPKIT_RUN_ID: --rdzv-id, else SLURM's JOB.STEP (or JOB), else local-PID. */
    public static String runId(LaunchConfig c, Map<String, String> env, HostInfo host) {
        if (c.rendezvous().id().isPresent()) {
            return c.rendezvous().id().get();
        }
        Optional<SlurmField.Value> job = SlurmField.JOB_ID.lookup(env);
        Optional<SlurmField.Value> step = SlurmField.STEP_ID.lookup(env);
        if (job.isPresent()) {
            return job.get().value() + step.map(s -> "." + s.value()).orElse("");
        }
        return "local-" + host.pid();
    }

    /** --master-port, else env MASTER_PORT, else empty. */
    public static Optional<MasterChoice.Port> explicitPort(LaunchConfig c, Map<String, String> env) {
        if (c.masterPort().isPresent()) {
            return Optional.of(new MasterChoice.Port(c.masterPort().getAsInt(), "--master-port"));
        }
        String text = env.get(EnvContract.MASTER_PORT);
        if (text != null && !text.isBlank()) {
            try {
                return Optional.of(new MasterChoice.Port(MasterPort.check(Integer.parseInt(text.trim()), "MASTER_PORT", text), "env MASTER_PORT"));
            } catch (NumberFormatException e) {
                throw LaunchException.config("MASTER_PORT: \"" + text + "\" is not a port in 1–65534; unset it or fix it");
            }
        }
        return Optional.empty();
    }

    /** --master-addr, else env MASTER_ADDR, else empty. */
    public static Optional<MasterChoice.Addr> explicitAddr(LaunchConfig c, Map<String, String> env) {
        if (c.masterAddr().isPresent()) {
            return Optional.of(new MasterChoice.Addr(c.masterAddr().get(), "--master-addr"));
        }
        String v = env.get(EnvContract.MASTER_ADDR);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(new MasterChoice.Addr(v.trim(), "env MASTER_ADDR"));
    }

    static MasterChoice slurmMaster(LaunchConfig c, Map<String, String> env, SlurmStep step) {
        String listVar = SlurmField.NODE_LIST.lookup(env).map(SlurmField.Value::variable).orElse("the node list");
        MasterChoice.Addr addr = explicitAddr(c, env).orElse(new MasterChoice.Addr(step.nodes().getFirst(), "first host of " + listVar));
        MasterChoice.Port port = explicitPort(c, env).orElseGet(() -> step.resvPort().isPresent()
                ? new MasterChoice.Port(step.resvPort().getAsInt(), "first port of SLURM_STEP_RESV_PORTS")
                : new MasterChoice.Port(MasterPort.derive(step.jobId(), step.stepId()),
                        "derived from SLURM job " + step.jobId() + " step " + step.stepId()));
        return MasterChoice.of(addr, port);
    }

    static MasterChoice standaloneMaster(LaunchConfig c, Map<String, String> env, HostInfo host) {
        MasterChoice.Addr addr = explicitAddr(c, env).orElse(new MasterChoice.Addr(LOOPBACK, "standalone: this host"));
        MasterChoice.Port port = explicitPort(c, env).orElseGet(() -> new MasterChoice.Port(host.freePortPair(host.pid()), "free on this host"));
        return MasterChoice.of(addr, port);
    }

    private static void checkFlagsAgainstSlurm(LaunchConfig c, SlurmStep step, Map<String, String> env) {
        var r = c.rendezvous();
        if (r.nnodes().isPresent() && r.nnodes().getAsInt() != step.nodes().size()) {
            throw LaunchException.config("--nnodes " + r.nnodes().getAsInt() + " but the SLURM step runs on " + step.nodes().size()
                    + " nodes (" + SlurmField.NODE_LIST.lookup(env).orElseThrow() + "); drop --nnodes under srun");
        }
        if (r.nodeRank().isPresent() && r.nodeRank().getAsInt() != step.nodeId()) {
            throw LaunchException.config("--node-rank " + r.nodeRank().getAsInt() + " but SLURM_NODEID=" + step.nodeId()
                    + "; drop --node-rank under srun");
        }
    }

    /** Per-node mode with several tasks on a node stacks two launchers: refuse, naming the variables. */
    private static void requireOneTaskPerNode(SlurmStep step, Map<String, String> env, LaunchConfig c) {
        boolean stacked = step.tasksPerNode().size() != step.numTasks();
        if (stacked) {
            SlurmField.Value tpn = SlurmField.TASKS_PER_NODE.lookup(env).orElseThrow();
            throw LaunchException.config("two launchers stacked: srun started " + step.tasksOnThisNode() + " task(s) on this node ("
                    + tpn + ", SLURM_NODEID=" + step.nodeId() + ") and --nproc-per-node " + c.nprocPerNode().orElseThrow()
                    + " starts workers in each; run srun with --ntasks-per-node=1 (per-node mode), "
                    + "or drop --nproc-per-node to get one worker per SLURM task (per-task mode)");
        }
    }

    private static boolean isAddressLiteral(String addr) {
        if (addr.contains(":")) {
            return true; // IPv6
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!Hostlist.isDigits(p) || p.length() > 3) {
                return false;
            }
        }
        return true;
    }
}
