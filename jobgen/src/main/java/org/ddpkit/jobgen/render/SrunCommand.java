package org.ddpkit.jobgen.render;

import java.util.ArrayList;
import java.util.List;
import org.ddpkit.jobgen.spec.JobSpec;
import org.ddpkit.jobgen.spec.LaunchMode;

/**
 * The srun command that starts srun-wrapper on every node, as words:
 * {@code srun --kill-on-bad-exit=1 --nodes=N --ntasks-per-node=T [--cpus-per-task=C]
 * [--gpus-per-node=G] WRAPPER [--nproc-per-node P] -- COMMAND...}.
 *
 * <p>GPUs: the step asks for all {@code --gpus-per-node} GPUs of the job and binds none, so
 * every task sees every GPU of its node (CUDA_VISIBLE_DEVICES lists them all, as checked on
 * SLURM 22.05); srun-wrapper then gives worker LOCAL_RANK the LOCAL_RANK-th entry. Seeing all
 * GPUs, rather than one per task with {@code --gpus-per-task=1}, keeps peer-to-peer copies
 * between a node's GPUs possible, which NCCL uses within a node. {@code --gpu-bind=none} is
 * not used: on SLURM 22.05 it leaves CUDA_VISIBLE_DEVICES unset altogether.
 *
 * <p>Counts are passed explicitly (since SLURM 22.05 srun no longer takes
 * {@code --cpus-per-task} from the batch job), so the line means the same inside any allocation.
 */
public record SrunCommand(List<String> options, List<String> wrapperWords, List<String> command) {
    public SrunCommand {
        options = List.copyOf(options);
        wrapperWords = List.copyOf(wrapperWords);
        command = List.copyOf(command);
    }

    /** The srun command for {@code spec}. */
    public static SrunCommand of(JobSpec spec) {
        var res = spec.resources();
        List<String> options = new ArrayList<>();
        options.add("--kill-on-bad-exit=1");
        options.add("--nodes=" + res.nodes());
        options.add("--ntasks-per-node=" + spec.tasksPerNode());
        if (res.cpusPerTask().isPresent()) {
            options.add("--cpus-per-task=" + res.cpusPerTask().getAsInt());
        }
        if (res.gpusPerNode() > 0) {
            options.add("--gpus-per-node=" + res.gpusPerNode());
        }
        List<String> wrapper = new ArrayList<>();
        wrapper.add(spec.launch().wrapper());
        if (spec.launch().mode() == LaunchMode.PER_NODE) {
            wrapper.add("--nproc-per-node");
            wrapper.add(String.valueOf(spec.workersPerNode()));
        }
        return new SrunCommand(options, wrapper, spec.launch().command());
    }

    /** All words: {@code srun}, the options, the wrapper and its flags, {@code --}, the command. */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        words.add("srun");
        words.addAll(options);
        words.addAll(wrapperWords);
        words.add("--");
        words.addAll(command);
        return words;
    }
}
