package org.ddpkit.launch.slurm;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SLURM side of the env contract, as one table: each row is a fact the wrapper needs, the
 * variables it is read from (the first one set wins: step-level before job-level), and what
 * the wrapper makes of it. {@link SlurmStep#from} reads the rows; nothing else in ddpkit reads
 * a {@code SLURM_*} variable.
 */
public enum SlurmField {
    JOB_ID("DDPKIT_RUN_ID (JOB.STEP); seeds the derived MASTER_PORT", "SLURM_JOB_ID", "SLURM_JOBID"),
    STEP_ID("set only inside an srun step; DDPKIT_RUN_ID; seeds MASTER_PORT", "SLURM_STEP_ID", "SLURM_STEPID"),
    PROC_ID("RANK (per-task mode)", "SLURM_PROCID"),
    LOCAL_ID("LOCAL_RANK (per-task mode)", "SLURM_LOCALID"),
    NODE_ID("GROUP_RANK", "SLURM_NODEID"),
    NUM_TASKS("WORLD_SIZE (per-task mode)", "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS", "SLURM_NPROCS"),
    NUM_NODES("number of nodes of the step (checked against the node list)",
            "SLURM_STEP_NUM_NODES", "SLURM_JOB_NUM_NODES", "SLURM_NNODES"),
    NODE_LIST("node list: MASTER_ADDR is its first host",
            "SLURM_STEP_NODELIST", "SLURM_JOB_NODELIST", "SLURM_NODELIST"),
    TASKS_PER_NODE("LOCAL_WORLD_SIZE: this node's entry (per-task mode); per-node mode needs 1",
            "SLURM_STEP_TASKS_PER_NODE", "SLURM_TASKS_PER_NODE"),
    RESV_PORTS("MASTER_PORT: its first port (srun --resv-ports), unless MASTER_PORT is set", "SLURM_STEP_RESV_PORTS"),
    NODE_NAME("host name in failure reports", "SLURMD_NODENAME"),
    GPUS_PER_TASK("when set, SLURM gave each task its GPUs: CUDA_VISIBLE_DEVICES is left alone", "SLURM_GPUS_PER_TASK"),
    JOB_NUM_NODES("nodes of the allocation (for the srun line suggested outside a step)",
            "SLURM_JOB_NUM_NODES", "SLURM_NNODES"),
    JOB_TASKS_PER_NODE("tasks per node of the allocation (for the suggested srun line)",
            "SLURM_NTASKS_PER_NODE", "SLURM_TASKS_PER_NODE");

    private final String meaning;
    private final List<String> variables;

    SlurmField(String meaning, String... variables) {
        this.meaning = meaning;
        this.variables = List.of(variables);
    }

    /** What the wrapper makes of this fact. */
    public String meaning() {
        return meaning;
    }

    /** The variables, in order of preference. */
    public List<String> variables() {
        return variables;
    }

    /** The first of {@link #variables()} set (non-empty) in {@code env}. */
    public Optional<Value> lookup(Map<String, String> env) {
        for (String v : variables) {
            String s = env.get(v);
            if (s != null && !s.isEmpty()) {
                return Optional.of(new Value(v, s));
            }
        }
        return Optional.empty();
    }

    /** A value and the variable it came from, so messages can name it. */
    public record Value(String variable, String value) {
        @Override
        public String toString() {
            return variable + "=" + value;
        }
    }
}
