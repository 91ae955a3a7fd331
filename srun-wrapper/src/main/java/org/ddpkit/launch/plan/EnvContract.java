package org.ddpkit.launch.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables the wrapper sets for every worker (DESIGN.md's env contract, then torchrun's
 * role and group extras). {@code mpi-backend}'s DistEnv reads the first nine.
 */
public final class EnvContract {
    public static final String RANK = "RANK";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";
    public static final String GROUP_RANK = "GROUP_RANK";
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String RESTART_COUNT = "DDPKIT_RESTART_COUNT";
    public static final String RUN_ID = "DDPKIT_RUN_ID";
    /** Extras, as torchrun sets them. */
    public static final String ROLE_NAME = "ROLE_NAME";
    public static final String ROLE_RANK = "ROLE_RANK";
    public static final String ROLE_WORLD_SIZE = "ROLE_WORLD_SIZE";
    public static final String GROUP_WORLD_SIZE = "GROUP_WORLD_SIZE";
    public static final String MAX_RESTARTS = "DDPKIT_MAX_RESTARTS";
    /** Marks a worker's environment, so a wrapper started inside a worker can refuse to stack. */
    public static final String LAUNCHER = "DDPKIT_LAUNCHER";

    private EnvContract() {}

    /** The contract variables of one worker, in a fixed order. */
    public static Map<String, String> of(NodeLayout layout, NodeLayout.LocalWorker w, MasterChoice master,
                                         int restartCount, int maxRestarts, String runId, String role) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RANK, Integer.toString(w.rank()));
        env.put(LOCAL_RANK, Integer.toString(w.localRank()));
        env.put(WORLD_SIZE, Integer.toString(layout.worldSize()));
        env.put(LOCAL_WORLD_SIZE, Integer.toString(layout.localWorldSize()));
        env.put(GROUP_RANK, Integer.toString(layout.groupRank()));
        env.put(MASTER_ADDR, master.addr());
        env.put(MASTER_PORT, Integer.toString(master.port()));
        env.put(RESTART_COUNT, Integer.toString(restartCount));
        env.put(RUN_ID, runId);
        env.put(ROLE_NAME, role);
        env.put(ROLE_RANK, Integer.toString(w.rank()));
        env.put(ROLE_WORLD_SIZE, Integer.toString(layout.worldSize()));
        env.put(GROUP_WORLD_SIZE, Integer.toString(layout.nodes().size()));
        env.put(MAX_RESTARTS, Integer.toString(maxRestarts));
        env.put(LAUNCHER, "srun-wrapper");
        return env;
    }
}
