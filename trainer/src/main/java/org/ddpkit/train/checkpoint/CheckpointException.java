package org.ddpkit.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint file that cannot be used: missing, truncated, altered (checksum mismatch),
 * malformed, or not fitting the model it is loaded into. The message is one line,
 * {@code FILE: PROBLEM}; command-line tools exit with {@link #EXIT_CODE} on it. Nothing of the
 * file has been handed out or copied into a model when this is thrown.
 */
public final class CheckpointException extends IOException {
    /** The exit code of DESIGN.md for bad input data (sysexits' EX_DATAERR). */
    public static final int EXIT_CODE = 65;

    private final Path file;
    private final String problem;

    public CheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The checkpoint file (or snapshot directory) concerned. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
