package org.ddpkit.comm;

/**
 * A failure of the process group, with the exit code a worker's Main should end with
 * (DESIGN.md: 69 service missing, 70 internal, 75 temporary, 78 bad configuration).
 */
public class CommException extends RuntimeException {
    private final int exitCode;

    public CommException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure calls for. */
    public int exitCode() {
        return exitCode;
    }
}
