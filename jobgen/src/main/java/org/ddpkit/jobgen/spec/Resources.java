package org.ddpkit.jobgen.spec;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the job asks for on each node.
 *
 * @param nodes         {@code --nodes}, at least 1
 * @param gpusPerNode   {@code --gpus}, GPUs per node (0: a CPU job)
 * @param ntasksPerNode {@code --ntasks-per-node} when given (the default depends on the launch mode)
 * @param cpusPerTask   {@code --cpus-per-task} when given
 * @param mem           {@code --mem} (per node) when given
 */
public record Resources(int nodes, int gpusPerNode, OptionalInt ntasksPerNode, OptionalInt cpusPerTask,
                        Optional<MemorySize> mem) {
    public Resources {
        atLeast("--nodes", nodes, 1);
        atLeast("--gpus", gpusPerNode, 0);
        if (ntasksPerNode.isPresent()) {
            atLeast("--ntasks-per-node", ntasksPerNode.getAsInt(), 1);
        }
        if (cpusPerTask.isPresent()) {
            atLeast("--cpus-per-task", cpusPerTask.getAsInt(), 1);
        }
    }

    static void atLeast(String flag, int value, int min) {
        if (value < min) {
            throw new InvalidSpecException(flag, "must be >= " + min + ", got \"" + value + "\"");
        }
    }
}
