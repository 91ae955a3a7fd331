package org.ddpkit.jobgen.spec;

/**
 * What a {@code --requeue} script does when its step stops early: run the job again by
 * {@code mode}, unless it already ran again {@code maxRequeues} times (SLURM_RESTART_COUNT in
 * scontrol mode, DDPKIT_RESUBMIT_COUNT in resubmit mode), so that a job that stops at once on
 * every start cannot loop forever.
 *
 * @param mode        {@code --requeue-mode}
 * @param maxRequeues {@code --max-requeues}: 0 never runs the job again from the script
 */
public record Requeue(RequeueMode mode, int maxRequeues) {
    /** {@code --max-requeues}'s default: enough for a long run cut by time limits, few enough to notice a loop. */
    public static final int DEFAULT_MAX_REQUEUES = 10;
    /** The largest {@code --max-requeues}. */
    public static final int MAX_MAX_REQUEUES = 10_000;

    public Requeue {
        if (mode == null) {
            throw new InvalidSpecException("--requeue-mode", "must be set (scontrol or resubmit)");
        }
        Resources.atLeast("--max-requeues", maxRequeues, 0);
        if (maxRequeues > MAX_MAX_REQUEUES) {
            throw new InvalidSpecException("--max-requeues", "must be <= " + MAX_MAX_REQUEUES + ", got \"" + maxRequeues + "\"");
        }
    }
}
