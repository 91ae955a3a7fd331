package org.ddpkit.launch;

/**
 * A failure the user can act on: a one-line message (naming the flag, variable or value and
 * ending with the next step where there is one) and the exit code the CLI ends with.
 */
public final class LaunchException extends RuntimeException {
    private final ExitCode exitCode;

    public LaunchException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LaunchException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static LaunchException usage(String message) {
        return new LaunchException(ExitCode.USAGE, message);
    }

    public static LaunchException config(String message) {
        return new LaunchException(ExitCode.CONFIG, message);
    }
}
