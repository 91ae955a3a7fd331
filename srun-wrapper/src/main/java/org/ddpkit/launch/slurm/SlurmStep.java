package org.ddpkit.launch.slurm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.ddpkit.launch.LaunchException;

/**
 * What SLURM says about the step this wrapper runs in (one task of {@code srun}), read through
 * the {@link SlurmField} table and checked for consistency; an inconsistent environment is a
 * {@link LaunchException} with exit 78 naming the variables.
 *
 * @param jobId        SLURM job id
 * @param stepId       SLURM step id
 * @param procId       this task's rank in the step
 * @param localId      this task's rank on its node
 * @param nodeId       this node's index in the step's node list
 * @param nodes        the step's nodes, expanded
 * @param tasksPerNode tasks on each node of the step
 * @param resvPort     first port reserved by {@code srun --resv-ports}, if any
 * @param nodeName     this node's SLURM name ({@code SLURMD_NODENAME}), or empty
 * @param gpusPerTask  true when SLURM bound GPUs per task ({@code --gpus-per-task})
 */
public record SlurmStep(long jobId, long stepId, int procId, int localId, int nodeId, List<String> nodes,
                        List<Integer> tasksPerNode, OptionalInt resvPort, String nodeName, boolean gpusPerTask) {
    public SlurmStep {
        nodes = List.copyOf(nodes);
        tasksPerNode = List.copyOf(tasksPerNode);
    }

    /** Tasks in the step. */
    public int numTasks() {
        return sum(tasksPerNode);
    }

    /** Tasks on this node. */
    public int tasksOnThisNode() {
        return tasksPerNode.get(nodeId);
    }

    /** {@code JOB.STEP}, SLURM's own name for the step. */
    public String runId() {
        return jobId + "." + stepId;
    }

    /** True when {@code env} holds a SLURM job step (the wrapper was started by srun). */
    public static boolean present(Map<String, String> env) {
        return SlurmField.JOB_ID.lookup(env).isPresent() && SlurmField.STEP_ID.lookup(env).isPresent()
                && SlurmField.PROC_ID.lookup(env).isPresent();
    }

    /** True inside an allocation (salloc, sbatch) but outside any srun step. */
    public static boolean allocationWithoutStep(Map<String, String> env) {
        return SlurmField.JOB_ID.lookup(env).isPresent() && !present(env);
    }

    /** The step of {@code env}, or empty when there is none ({@link #present} is false). */
    public static Optional<SlurmStep> from(Map<String, String> env) {
        if (!present(env)) {
            return Optional.empty();
        }
        long jobId = number(env, SlurmField.JOB_ID);
        long stepId = number(env, SlurmField.STEP_ID);
        int procId = (int) number(env, SlurmField.PROC_ID);
        int localId = (int) number(env, SlurmField.LOCAL_ID);
        int nodeId = (int) number(env, SlurmField.NODE_ID);
        SlurmField.Value list = required(env, SlurmField.NODE_LIST);
        List<String> nodes;
        try {
            nodes = Hostlist.expand(list.value());
        } catch (IllegalArgumentException e) {
            throw LaunchException.config(list.variable() + ": " + e.getMessage());
        }
        SlurmField.Value tpn = required(env, SlurmField.TASKS_PER_NODE);
        List<Integer> perNode;
        try {
            perNode = TasksPerNode.parse(tpn.value());
        } catch (IllegalArgumentException e) {
            throw LaunchException.config(tpn.variable() + ": " + e.getMessage());
        }
        Optional<SlurmField.Value> numNodes = SlurmField.NUM_NODES.lookup(env);
        if (numNodes.isPresent() && number(env, SlurmField.NUM_NODES) != nodes.size()) {
            throw inconsistent(numNodes.get() + " but " + list + " names " + nodes.size() + " nodes");
        }
        if (perNode.size() != nodes.size()) {
            throw inconsistent(tpn + " covers " + perNode.size() + " nodes but " + list + " names " + nodes.size());
        }
        int total = sum(perNode);
        Optional<SlurmField.Value> numTasks = SlurmField.NUM_TASKS.lookup(env);
        if (numTasks.isPresent() && number(env, SlurmField.NUM_TASKS) != total) {
            throw inconsistent(numTasks.get() + " but " + tpn + " adds up to " + total);
        }
        if (nodeId < 0 || nodeId >= nodes.size()) {
            throw inconsistent(SlurmField.NODE_ID.lookup(env).orElseThrow() + " is outside " + list);
        }
        if (localId < 0 || localId >= perNode.get(nodeId)) {
            throw inconsistent(SlurmField.LOCAL_ID.lookup(env).orElseThrow() + " but " + tpn + " gives node "
                    + nodeId + " only " + perNode.get(nodeId) + " tasks");
        }
        if (procId < 0 || procId >= total) {
            throw inconsistent(SlurmField.PROC_ID.lookup(env).orElseThrow() + " but the step has " + total + " tasks");
        }
        OptionalInt resv = OptionalInt.empty();
        Optional<SlurmField.Value> ports = SlurmField.RESV_PORTS.lookup(env);
        if (ports.isPresent()) {
            resv = OptionalInt.of(MasterPort.firstReserved(ports.get()));
        }
        String nodeName = SlurmField.NODE_NAME.lookup(env).map(SlurmField.Value::value).orElse("");
        boolean gpusPerTask = SlurmField.GPUS_PER_TASK.lookup(env).isPresent();
        return Optional.of(new SlurmStep(jobId, stepId, procId, localId, nodeId, nodes, perNode, resv, nodeName, gpusPerTask));
    }

    static int sum(List<Integer> counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    private static SlurmField.Value required(Map<String, String> env, SlurmField field) {
        return field.lookup(env).orElseThrow(() -> inconsistent("none of " + String.join(", ", field.variables())
                + " is set (" + field.meaning() + ")"));
    }

    private static long number(Map<String, String> env, SlurmField field) {
        SlurmField.Value v = required(env, field);
        try {
            long n = Long.parseLong(v.value().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw inconsistent(v.variable() + "=\"" + v.value() + "\" is not a whole number ≥ 0");
        }
    }

    private static LaunchException inconsistent(String what) {
        return LaunchException.config("inconsistent SLURM environment: " + what);
    }
}
