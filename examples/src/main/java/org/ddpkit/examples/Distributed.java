package org.ddpkit.examples;

import java.util.List;
import java.util.Map;
import org.ddpkit.comm.Backend;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;

/** {@code dist.init_process_group(backend)} for the demos: the env contract → a joined process group. */
public final class Distributed {
    /** The backends a demo's {@code --backend} accepts. */
    public static final List<String> BACKENDS = Backend.labels();

    private Distributed() {}

    /**
     * Joins the world described by {@code env} (RANK, WORLD_SIZE, MASTER_ADDR, ... as srun-wrapper
     * or {@code basic-use-case} set them); a missing variable is a {@link org.ddpkit.comm.DistEnvException} (exit 78).
     */
    public static ProcessGroup init(Map<String, String> env, String backend) {
        return init(env, backend, GroupOptions.defaults());
    }

    /** {@link #init(Map, String)} with tunables, e.g. {@code GroupOptions.defaults().withTimeout(...)} for {@code --timeout}. */
    public static ProcessGroup init(Map<String, String> env, String backend, GroupOptions options) {
        return ProcessGroups.init(DistEnv.fromEnv(env), backend, options, env);
    }
}
