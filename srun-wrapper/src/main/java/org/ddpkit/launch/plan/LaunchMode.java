package org.ddpkit.launch.plan;

/** How the wrapper finds its place in the job. */
public enum LaunchMode {
    /** Under srun, one wrapper per task: RANK from SLURM_PROCID, one worker. */
    PER_TASK("per-task"),
    /** Under srun, one wrapper per node starting --nproc-per-node workers. */
    PER_NODE("per-node"),
    /** One machine, no SLURM: ranks 0..N-1, master on 127.0.0.1. */
    STANDALONE("standalone"),
    /** Several machines without SLURM: nodes meet at a TCP rendezvous. */
    RENDEZVOUS("rendezvous");

    private final String label;

    LaunchMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
