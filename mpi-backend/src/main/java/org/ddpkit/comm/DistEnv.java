package org.ddpkit.comm;

import java.util.Map;

/**
 * One worker's place in the job, read from the env contract that srun-wrapper exports (see
 * DESIGN.md): a worker started by hand with the same variables behaves the same.
 *
 * @param rank           {@code RANK}: global rank, 0 … worldSize-1
 * @param localRank      {@code LOCAL_RANK}: rank on this node, 0 … localWorldSize-1
 * @param worldSize      {@code WORLD_SIZE}: workers in the job
 * @param localWorldSize {@code LOCAL_WORLD_SIZE}: workers on this node
 * @param groupRank      {@code GROUP_RANK}: this node's index
 * @param masterAddr     {@code MASTER_ADDR}: where rank 0 listens for the bootstrap
 * @param masterPort     {@code MASTER_PORT}: its port
 * @param restartCount   {@code DDPKIT_RESTART_COUNT}: restarts of the worker group so far (default 0)
 * @param runId          {@code DDPKIT_RUN_ID}: the job's identity (default {@value #DEFAULT_RUN_ID})
 */
public record DistEnv(int rank, int localRank, int worldSize, int localWorldSize, int groupRank,
                      String masterAddr, int masterPort, int restartCount, String runId) {

    public static final String RANK = "RANK";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";
    public static final String GROUP_RANK = "GROUP_RANK";
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String RESTART_COUNT = "DDPKIT_RESTART_COUNT";
    public static final String RUN_ID = "DDPKIT_RUN_ID";
    public static final String DEFAULT_RUN_ID = "none";

    public DistEnv {
        if (worldSize < 1) {
            throw DistEnvException.bad(WORLD_SIZE, worldSize, "must be ≥ 1");
        }
        if (rank < 0 || rank >= worldSize) {
            throw DistEnvException.bad(RANK, rank, "must be in 0 … WORLD_SIZE-1 (WORLD_SIZE=" + worldSize + ")");
        }
        if (localWorldSize < 1 || localWorldSize > worldSize) {
            throw DistEnvException.bad(LOCAL_WORLD_SIZE, localWorldSize, "must be in 1 … WORLD_SIZE (WORLD_SIZE=" + worldSize + ")");
        }
        if (localRank < 0 || localRank >= localWorldSize) {
            throw DistEnvException.bad(LOCAL_RANK, localRank,
                    "must be in 0 … LOCAL_WORLD_SIZE-1 (LOCAL_WORLD_SIZE=" + localWorldSize + ")");
        }
        if (localRank > rank) {
            throw DistEnvException.bad(LOCAL_RANK, localRank, "must be ≤ RANK (RANK=" + rank + ")");
        }
        if (groupRank < 0 || groupRank >= worldSize) {
            throw DistEnvException.bad(GROUP_RANK, groupRank, "must be in 0 … WORLD_SIZE-1 (WORLD_SIZE=" + worldSize + ")");
        }
        if (masterAddr == null || masterAddr.isBlank()) {
            throw new DistEnvException(MASTER_ADDR, masterAddr, MASTER_ADDR + ": must name rank 0's host, got \"" + masterAddr + "\"");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw DistEnvException.bad(MASTER_PORT, masterPort, "must be a port in 1 … 65535");
        }
        if (restartCount < 0) {
            throw DistEnvException.bad(RESTART_COUNT, restartCount, "must be ≥ 0");
        }
        if (runId == null || runId.isEmpty()) {
            throw new DistEnvException(RUN_ID, runId, RUN_ID + ": must not be empty");
        }
    }

    /**
     * Reads the contract from {@code env} (the process environment, passed in by Main). All
     * variables but {@code DDPKIT_RESTART_COUNT} and {@code DDPKIT_RUN_ID} are required.
     *
     * @throws DistEnvException naming the first missing or bad variable (exit 78)
     */
    public static DistEnv fromEnv(Map<String, String> env) {
        return new DistEnv(
                intVar(env, RANK, null),
                intVar(env, LOCAL_RANK, null),
                intVar(env, WORLD_SIZE, null),
                intVar(env, LOCAL_WORLD_SIZE, null),
                intVar(env, GROUP_RANK, null),
                stringVar(env, MASTER_ADDR, null),
                intVar(env, MASTER_PORT, null),
                intVar(env, RESTART_COUNT, 0),
                stringVar(env, RUN_ID, DEFAULT_RUN_ID));
    }

    /** The variables of this env, as srun-wrapper would export them (for starting workers by hand). */
    public Map<String, String> toEnv() {
        return Map.of(RANK, Integer.toString(rank), LOCAL_RANK, Integer.toString(localRank),
                WORLD_SIZE, Integer.toString(worldSize), LOCAL_WORLD_SIZE, Integer.toString(localWorldSize),
                GROUP_RANK, Integer.toString(groupRank), MASTER_ADDR, masterAddr,
                MASTER_PORT, Integer.toString(masterPort), RESTART_COUNT, Integer.toString(restartCount),
                RUN_ID, runId);
    }

    /** A single-worker world on this host (for tests and single-process runs). */
    public static DistEnv single(int masterPort) {
        return new DistEnv(0, 0, 1, 1, 0, "127.0.0.1", masterPort, 0, DEFAULT_RUN_ID);
    }

    private static String stringVar(Map<String, String> env, String name, String dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (dflt != null) {
                return dflt;
            }
            throw new DistEnvException(name, v, name + " is not set: start workers with srun-wrapper, or set "
                    + "RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR and MASTER_PORT");
        }
        return v.trim();
    }

    private static int intVar(Map<String, String> env, String name, Integer dflt) {
        String v = stringVar(env, name, dflt == null ? null : dflt.toString());
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DistEnvException(name, v, name + ": must be an integer, got \"" + v + "\"");
        }
    }
}
