package org.ddpkit.examples.cli;

import java.io.IOException;
import org.ddpkit.comm.CommException;
import org.ddpkit.train.checkpoint.CheckpointException;
import org.ddpkit.train.data.DownloadException;
import org.ddpkit.train.data.IdxFormatException;

/**
 * How a failure ends the process (DESIGN.md's exit codes): the code and the one line to print.
 *
 * @param code    the exit code
 * @param message the line, without the program's name
 */
public record ExitStatus(int code, String message) {
    public static final int OK = 0;
    public static final int USAGE = 64;
    public static final int DATA = 65;
    public static final int INTERNAL = 70;
    public static final int TEMPORARY = 75;

    /** The exit status for {@code failure}. */
    public static ExitStatus of(Throwable failure) {
        return switch (failure) {
            case UsageException e -> new ExitStatus(USAGE, e.getMessage());
            case CommException e -> new ExitStatus(e.exitCode(), e.getMessage());
            case CheckpointException e -> new ExitStatus(CheckpointException.EXIT_CODE, e.getMessage());
            case IdxFormatException e -> new ExitStatus(e.exitCode(), e.getMessage());
            case DownloadException e -> new ExitStatus(DownloadException.EXIT_CODE, e.getMessage());
            case IOException e -> new ExitStatus(INTERNAL, "I/O error: " + e.getMessage());
            default -> new ExitStatus(INTERNAL, "internal error: " + failure);
        };
    }
}
