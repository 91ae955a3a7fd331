package org.ddpkit.jobgen.spec;

/**
 * How a {@code --requeue} script runs the job again after its step stopped early (status 75,
 * or a notice signal reached the batch shell).
 */
public enum RequeueMode {
    /** {@code scontrol requeue $SLURM_JOB_ID}: the same job id starts again, SLURM_RESTART_COUNT one higher. */
    SCONTROL("scontrol"),
    /** {@code sbatch --dependency=afterany:$SLURM_JOB_ID} on the same script: for sites where users may not requeue. */
    RESUBMIT("resubmit");

    private final String flagValue;

    RequeueMode(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value on jobgen's command line: {@code scontrol} or {@code resubmit}. */
    public String flagValue() {
        return flagValue;
    }

    /** Parses {@code scontrol} or {@code resubmit}, the value of {@code flag}. */
    public static RequeueMode parse(String flag, String text) {
        for (RequeueMode m : values()) {
            if (m.flagValue.equals(text)) {
                return m;
            }
        }
        throw InvalidSpecException.badValue(flag, text, "is not a requeue mode (scontrol or resubmit)");
    }
}
