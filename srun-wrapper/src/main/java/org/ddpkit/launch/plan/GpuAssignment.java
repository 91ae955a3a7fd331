package org.ddpkit.launch.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ddpkit.launch.LaunchException;

/**
 * Which GPU each local worker gets, through CUDA_VISIBLE_DEVICES. The rule:
 * <ul>
 *   <li>the GPUs the wrapper sees are the entries of its CUDA_VISIBLE_DEVICES, or, when that is
 *       unset, the /dev/nvidiaN devices; none: nothing to do (CPU workers);
 *   <li>per-task mode: when SLURM bound GPUs per task (SLURM_GPUS_PER_TASK) or the task sees
 *       one GPU, leave it; when the task sees at least LOCAL_WORLD_SIZE GPUs (every task sees
 *       the node's GPUs), the worker gets the LOCAL_RANK-th <em>entry</em> (not the index);
 *   <li>other modes: worker L gets entry L;
 *   <li>more workers than GPUs is an error (exit 78) unless --no-gpu-bind or
 *       --nproc-per-node cpu asks for CPU workers.
 * </ul>
 */
public final class GpuAssignment {
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    private GpuAssignment() {}

    /** The GPUs this wrapper sees, and a description of where that came from. */
    public record Visible(List<String> entries, String source) {
        public Visible {
            entries = List.copyOf(entries);
        }
    }

    public static Visible visible(Map<String, String> env, HostInfo host) {
        String cvd = env.get(CUDA_VISIBLE_DEVICES);
        if (cvd != null) {
            List<String> entries = new ArrayList<>();
            for (String e : cvd.split(",")) {
                if (!e.isBlank() && !e.trim().equals("NoDevFiles")) {
                    entries.add(e.trim());
                }
            }
            return new Visible(entries, CUDA_VISIBLE_DEVICES + "=" + cvd);
        }
        List<String> devices = host.gpuDevices();
        return new Visible(devices, devices.isEmpty() ? "no /dev/nvidiaN devices" : "/dev/nvidia" + String.join(",", devices));
    }

    /**
     * The CUDA_VISIBLE_DEVICES value for each local rank that gets one; local ranks missing
     * from the map keep the wrapper's own value.
     *
     * @param perTask     true in per-task mode (SLURM started one wrapper per worker)
     * @param gpusPerTask SLURM bound GPUs per task
     * @param bind        false with --no-gpu-bind or --nproc-per-node cpu
     */
    public static Map<Integer, String> assign(NodeLayout layout, Visible visible, boolean perTask, boolean gpusPerTask, boolean bind) {
        Map<Integer, String> out = new HashMap<>();
        List<String> gpus = visible.entries();
        if (!bind || gpus.isEmpty() || (perTask && (gpusPerTask || gpus.size() == 1))) {
            return out;
        }
        int needed = perTask ? layout.localWorldSize() : layout.workers().size();
        if (needed > gpus.size()) {
            throw LaunchException.config(needed + " workers on this node but only " + gpus.size() + " GPU"
                    + (gpus.size() == 1 ? "" : "s") + " visible (" + visible.source() + "): more workers than GPUs; "
                    + (perTask ? "ask srun for at most " + gpus.size() + " tasks per node"
                               : "use --nproc-per-node " + gpus.size() + " (or gpu)")
                    + ", or pass --no-gpu-bind to run CPU workers");
        }
        for (NodeLayout.LocalWorker w : layout.workers()) {
            out.put(w.localRank(), gpus.get(w.localRank()));
        }
        return out;
    }
}
