package org.ddpkit.examples.cli;

/** A bad command line: one line naming the flag and the bad value; exit 64. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int EXIT_CODE = 64;

    public UsageException(String message) {
        super(message);
    }
}
