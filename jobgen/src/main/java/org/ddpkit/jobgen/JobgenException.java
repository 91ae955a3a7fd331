package org.ddpkit.jobgen;

/**
 * A failure with a documented exit status (DESIGN.md) and a one-line message for stderr.
 */
final class JobgenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Bad option or value. */
    static final int USAGE = 64;
    /** Bad input data: a missing or broken template. */
    static final int DATA = 65;
    /** A needed service is missing: sbatch. */
    static final int UNAVAILABLE = 69;
    /** An internal error. */
    static final int INTERNAL = 70;
    /** A temporary failure: sbatch did not answer in time. */
    static final int TEMPORARY = 75;

    private final int exitCode;

    JobgenException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit status jobgen ends with. */
    int exitCode() {
        return exitCode;
    }
}
