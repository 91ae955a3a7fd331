package org.ddpkit.train.data;

import java.util.List;

/**
 * No mirror delivered a file with the right checksum. Carries what went wrong at each mirror;
 * tools exit with 75 (temporary failure: try again later, or another mirror).
 */
public final class DownloadException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int EXIT_CODE = 75;
    private final String file;
    private final List<String> failures;

    public DownloadException(String file, List<String> failures) {
        super("could not download " + file + " from any mirror:\n  " + String.join("\n  ", failures));
        this.file = file;
        this.failures = List.copyOf(failures);
    }

    public String file() {
        return file;
    }

    /** One line per attempt: the URI and what went wrong. */
    public List<String> failures() {
        return failures;
    }

    public int exitCode() {
        return EXIT_CODE;
    }
}
