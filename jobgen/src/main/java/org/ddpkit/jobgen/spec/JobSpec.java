package org.ddpkit.jobgen.spec;

/**
 * Everything jobgen needs to write a job script, validated: each part checks its own values,
 * and this record checks how they fit together (tasks per node against GPUs and the launch
 * mode). Values that have defaults depending on other flags are derived here, not stored.
 */
public record JobSpec(Resources resources, Scheduling scheduling, JobEnvironment environment, Launch launch) {
    public JobSpec {
        int gpus = resources.gpusPerNode();
        var ntasks = resources.ntasksPerNode();
        var nproc = launch.nprocPerNode();
        switch (launch.mode()) {
            case PER_TASK -> {
                if (gpus > 0 && ntasks.isPresent() && ntasks.getAsInt() != gpus) {
                    throw InvalidSpecException.badValue("--ntasks-per-node", String.valueOf(ntasks.getAsInt()),
                            "does not match --gpus " + gpus + ": per-task mode runs one task per GPU; drop"
                                    + " --ntasks-per-node (it follows --gpus), or use --launch-mode per-node");
                }
                if (nproc.isPresent()) {
                    throw InvalidSpecException.badValue("--nproc-per-node", String.valueOf(nproc.getAsInt()),
                            "needs --launch-mode per-node; in per-task mode srun starts one worker per task"
                                    + " (set --ntasks-per-node, or add --launch-mode per-node)");
                }
            }
            case PER_NODE -> {
                if (ntasks.isPresent() && ntasks.getAsInt() > 1) {
                    throw InvalidSpecException.badValue("--ntasks-per-node", String.valueOf(ntasks.getAsInt()),
                            "with --launch-mode per-node would start " + ntasks.getAsInt()
                                    + " wrappers per node; use --nproc-per-node " + ntasks.getAsInt() + " instead");
                }
                if (gpus > 0 && nproc.isPresent() && nproc.getAsInt() > gpus) {
                    throw InvalidSpecException.badValue("--nproc-per-node", String.valueOf(nproc.getAsInt()),
                            "is more workers than --gpus " + gpus + " and each worker needs its own GPU;"
                                    + " use --nproc-per-node " + gpus + " or --gpus " + nproc.getAsInt());
                }
            }
        }
    }

    /** srun tasks per node: one per GPU (or {@code --ntasks-per-node}) per task, 1 per node. */
    public int tasksPerNode() {
        return switch (launch.mode()) {
            case PER_TASK -> resources.ntasksPerNode().orElse(Math.max(resources.gpusPerNode(), 1));
            case PER_NODE -> 1;
        };
    }

    /** Workers per node: the tasks in per-task mode, {@code --nproc-per-node} (default: GPUs, else 1) per node. */
    public int workersPerNode() {
        return switch (launch.mode()) {
            case PER_TASK -> tasksPerNode();
            case PER_NODE -> launch.nprocPerNode().orElse(Math.max(resources.gpusPerNode(), 1));
        };
    }

    /** Workers in the whole job (WORLD_SIZE). */
    public int worldSize() {
        return resources.nodes() * workersPerNode();
    }
}
