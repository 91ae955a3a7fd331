package org.ddpkit.train.perf;

/** A bad command line: the message names the flag and the bad value; exit code 64. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public int exitCode() {
        return 64;
    }
}
