package org.ddpkit.examples.cnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.csv}: one row per epoch, rewritten whole (temporary file and rename) after each
 * epoch, so it is never half-written and a resumed run continues it.
 */
public final class MetricsCsv {
    public static final String FILE = "metrics.csv";
    private final Path file;
    private final List<EpochMetrics> rows = new ArrayList<>();

    private MetricsCsv(Path file) {
        this.file = file;
    }

    /** A new table in {@code dir} (an old file there is replaced at the first write). */
    public static MetricsCsv fresh(Path dir) {
        return new MetricsCsv(dir.resolve(FILE));
    }

    /** The table in {@code dir} with its rows of epochs before {@code firstEpoch}, to continue a resumed run. */
    public static MetricsCsv resume(Path dir, int firstEpoch) throws IOException {
        MetricsCsv m = new MetricsCsv(dir.resolve(FILE));
        if (Files.isRegularFile(m.file)) {
            for (EpochMetrics e : read(m.file)) {
                if (e.epoch() < firstEpoch) {
                    m.rows.add(e);
                }
            }
        }
        return m;
    }

    /** Reads a file written by this class. */
    public static List<EpochMetrics> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(EpochMetrics.HEADER)) {
            throw new IOException(file + ": not a metrics file (its first line is not \"" + EpochMetrics.HEADER + "\")");
        }
        List<EpochMetrics> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                try {
                    out.add(EpochMetrics.parse(l));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    public Path path() {
        return file;
    }

    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    /** Adds a row and rewrites the file. */
    public void append(EpochMetrics row) throws IOException {
        rows.add(row);
        StringBuilder b = new StringBuilder(EpochMetrics.HEADER).append('\n');
        for (EpochMetrics r : rows) {
            b.append(r.csv()).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
