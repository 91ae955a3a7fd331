package org.ddpkit.launch.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;

/**
 * Where per-rank log files go: {@code LOG_DIR/RUN_ID/attempt_N/rank_R/stdout.log} and
 * {@code stderr.log}. Global ranks keep the files of different nodes apart on a shared file
 * system; the attempt number keeps restarts apart.
 */
public record LogLayout(Path logDir, String runId) {
    public Path dir(int restart, int rank) {
        return logDir.resolve(safe(runId)).resolve("attempt_" + restart).resolve("rank_" + rank);
    }

    public Path stdout(int restart, int rank) {
        return dir(restart, rank).resolve("stdout.log");
    }

    public Path stderr(int restart, int rank) {
        return dir(restart, rank).resolve("stderr.log");
    }

    /** Creates the file (and its directories); exit 78 naming the path when that fails. */
    public static OutputStream open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new LaunchException(ExitCode.CONFIG, "--log-dir: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
