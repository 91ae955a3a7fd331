package org.ddpkit.launch.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.slurm.SlurmField;
import org.ddpkit.launch.slurm.SlurmStep;

/**
 * Picks the mode from the flags and the environment:
 * <ol>
 *   <li>{@code --standalone}: standalone;
 *   <li>{@code --rdzv-endpoint}, or {@code --nnodes} above 1 outside a SLURM step: rendezvous;
 *   <li>inside an srun step: per-node with {@code --nproc-per-node}, else per-task;
 *   <li>inside an allocation without a step (salloc, an sbatch script): an error that shows the
 *       srun line to use;
 *   <li>otherwise standalone.
 * </ol>
 * A wrapper started as the worker of another launcher (an outer srun-wrapper or torchrun) is
 * refused: stacked launchers give every worker the wrong ranks.
 */
public final class ModeSelector {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ModeSelector() {}

    /**
     * @param args the wrapper's own arguments, to print the srun line that runs them
     */
    public static LaunchMode select(LaunchConfig config, Map<String, String> env, List<String> args) {
        refuseStacking(env);
        if (config.standalone()) {
            return LaunchMode.STANDALONE;
        }
        boolean step = SlurmStep.present(env);
        if (config.rendezvous().endpoint().isPresent() || (!step && config.rendezvous().requested())) {
            if (config.rendezvous().endpoint().isEmpty()) {
                throw LaunchException.usage("--nnodes " + config.rendezvous().nnodes().orElse(0)
                        + ": several nodes without SLURM meet at a rendezvous; add --rdzv-endpoint HOST[:PORT] (HOST runs the server)");
            }
            return LaunchMode.RENDEZVOUS;
        }
        if (step) {
            return config.nprocPerNode().isPresent() ? LaunchMode.PER_NODE : LaunchMode.PER_TASK;
        }
        if (SlurmStep.allocationWithoutStep(env)) {
            throw LaunchException.usage(noStepMessage(config, env, args));
        }
        return LaunchMode.STANDALONE;
    }

    private static void refuseStacking(Map<String, String> env) {
        for (String marker : List.of(EnvContract.LAUNCHER, "TORCHELASTIC_RUN_ID")) {
            String v = env.get(marker);
            if (v != null && !v.isEmpty()) {
                throw LaunchException.config("this wrapper runs as the worker of another launcher (" + marker + "=" + v
                        + " is set): stacked launchers give every worker wrong ranks; start COMMAND directly, "
                        + "or unset " + marker + " if this nesting is really meant");
            }
        }
    }

    private static String noStepMessage(LaunchConfig config, Map<String, String> env, List<String> args) {
        String job = SlurmField.JOB_ID.lookup(env).orElseThrow().value();
        StringBuilder srun = new StringBuilder("srun");
        SlurmField.JOB_NUM_NODES.lookup(env).ifPresent(n -> srun.append(" --nodes=").append(n.value()));
        if (config.nprocPerNode().isPresent()) {
            srun.append(" --ntasks-per-node=1");
        } else {
            Optional<SlurmField.Value> tpn = SlurmField.JOB_TASKS_PER_NODE.lookup(env);
            tpn.filter(v -> v.value().matches("\\d+")).ifPresent(v -> srun.append(" --ntasks-per-node=").append(v.value()));
        }
        srun.append(' ').append(quote(env.getOrDefault("DDPKIT_ARGV0", "srun-wrapper")));
        srun.append(args.stream().map(ModeSelector::quote).collect(Collectors.joining(" ", " ", "")));
        return "SLURM job " + job + " is allocated but no job step is running here (SLURM_JOB_ID is set, SLURM_STEP_ID is not): "
                + "inside salloc or an sbatch script, start the wrapper with srun, e.g.\n  " + srun
                + "\nor pass --standalone to run on this node only";
    }

    /** {@code word} quoted for a POSIX shell when it needs it. */
    static String quote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
