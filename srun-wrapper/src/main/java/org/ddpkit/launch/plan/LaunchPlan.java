package org.ddpkit.launch.plan;

import java.util.List;

/**
 * Everything resolved before workers start: what {@code --dry-run} prints and what the agent
 * runs for one attempt.
 *
 * @param mode         how the node found its place
 * @param runId        DDPKIT_RUN_ID
 * @param role         ROLE_NAME
 * @param hostname     this node's name, for reports
 * @param layout       this node's place and its workers' ranks
 * @param master       MASTER_ADDR / MASTER_PORT and their sources
 * @param restartCount DDPKIT_RESTART_COUNT of this attempt
 * @param workers      the workers to start, in local-rank order
 * @param notes        warnings worth showing (printed by --dry-run and at start)
 */
public record LaunchPlan(LaunchMode mode, String runId, String role, String hostname, NodeLayout layout,
                         MasterChoice master, int restartCount, List<WorkerSpec> workers, List<String> notes) {
    public LaunchPlan {
        workers = List.copyOf(workers);
        notes = List.copyOf(notes);
    }
}
