package org.ddpkit.train.data;

import java.nio.file.Path;

/**
 * An IDX (or dataset) file that cannot be used: names the file and what is wrong with it.
 * Command-line tools exit with {@link #EXIT_CODE} (65, bad input data) and print the message.
 */
public final class IdxFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int EXIT_CODE = 65;
    private final transient Path file;
    private final String problem;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    public String problem() {
        return problem;
    }

    public int exitCode() {
        return EXIT_CODE;
    }
}
