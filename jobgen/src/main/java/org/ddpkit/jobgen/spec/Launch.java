package org.ddpkit.jobgen.spec;

import java.util.List;
import java.util.OptionalInt;

/**
 * How srun starts the workers.
 *
 * @param mode         {@code --launch-mode}
 * @param nprocPerNode {@code --nproc-per-node} when given (per-node mode only)
 * @param wrapper      {@code --wrapper}: the srun-wrapper to run under srun
 * @param command      the worker command after {@code --}, at least one word
 */
public record Launch(LaunchMode mode, OptionalInt nprocPerNode, String wrapper, List<String> command) {
    public Launch {
        if (nprocPerNode.isPresent()) {
            Resources.atLeast("--nproc-per-node", nprocPerNode.getAsInt(), 1);
        }
        if (wrapper.isBlank() || DirectiveText.hasControl(wrapper)) {
            throw InvalidSpecException.badValue("--wrapper", wrapper, "is not a usable path");
        }
        command = List.copyOf(command);
        if (command.isEmpty() || command.getFirst().isEmpty()) {
            throw InvalidSpecException.commandLine("no command to run: put it after --, "
                    + "e.g. jobgen --nodes 2 --gpus 2 -- bin/ddp-example elastic-ddp-cnn");
        }
        for (String word : command) {
            if (word.indexOf('\0') >= 0) {
                throw InvalidSpecException.commandLine("the command contains a NUL character");
            }
        }
    }
}
