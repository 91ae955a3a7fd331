package org.ddpkit.launch.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ddpkit.launch.LaunchException;

/**
 * Everything the command line says, validated; the environment is not part of it (the
 * planner combines the two).
 *
 * @param command      the worker's command line (after {@code --})
 * @param nprocPerNode {@code --nproc-per-node}, if given (under srun it selects per-node mode)
 * @param standalone   {@code --standalone}: one machine, ignore SLURM
 * @param role         {@code --role}: the worker group's name (ROLE_NAME)
 * @param masterAddr   {@code --master-addr}
 * @param masterPort   {@code --master-port}
 * @param gpuBind      false with {@code --no-gpu-bind}: leave CUDA_VISIBLE_DEVICES alone
 * @param dryRun       {@code --dry-run}: print the plan, start nothing
 * @param rendezvous   multi-node flags without SLURM
 * @param output       where worker output goes
 * @param supervision  restarts, monitoring, kill grace
 */
public record LaunchConfig(List<String> command, Optional<NprocPerNode> nprocPerNode, boolean standalone, String role,
                           Optional<String> masterAddr, OptionalInt masterPort, boolean gpuBind, boolean dryRun,
                           RendezvousOptions rendezvous, OutputOptions output, SupervisionOptions supervision) {
    public static final String DEFAULT_ROLE = "default";

    public LaunchConfig {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw LaunchException.usage("no COMMAND given: srun-wrapper [options] -- COMMAND [ARGS...]");
        }
        if (role.isBlank() || hasBlank(role)) {
            throw LaunchException.usage("--role: must be a word without blanks, got \"" + role + "\"");
        }
        if (masterPort.isPresent() && (masterPort.getAsInt() < 1 || masterPort.getAsInt() > 65534)) {
            throw LaunchException.usage("--master-port: must be 1–65534 (MASTER_PORT+1 is kept for the workers too), got \"" + masterPort.getAsInt() + "\"");
        }
        if (masterAddr.isPresent() && masterAddr.get().isBlank()) {
            throw LaunchException.usage("--master-addr: empty");
        }
        if (standalone && rendezvous.requested()) {
            throw LaunchException.usage("--standalone: runs one node, but --nnodes/--rdzv-endpoint ask for several; drop one of them");
        }
    }

    static boolean hasBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
