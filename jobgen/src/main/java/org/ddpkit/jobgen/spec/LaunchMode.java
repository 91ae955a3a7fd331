package org.ddpkit.jobgen.spec;

/** How srun starts srun-wrapper: one wrapper per worker, or one per node that starts the workers. */
public enum LaunchMode {
    /** One srun task per worker (per GPU when there are GPUs), each running the wrapper. */
    PER_TASK("per-task"),
    /** One srun task per node; its wrapper starts {@code --nproc-per-node} workers. */
    PER_NODE("per-node");

    private final String flagValue;

    LaunchMode(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value on jobgen's command line: {@code per-task} or {@code per-node}. */
    public String flagValue() {
        return flagValue;
    }

    /** Parses {@code per-task} or {@code per-node}. */
    public static LaunchMode parse(String flag, String text) {
        for (LaunchMode m : values()) {
            if (m.flagValue.equals(text)) {
                return m;
            }
        }
        throw InvalidSpecException.badValue(flag, text, "is not a launch mode (per-task or per-node)");
    }
}
