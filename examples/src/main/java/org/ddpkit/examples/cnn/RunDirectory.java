package org.ddpkit.examples.cnn;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Where a run's metrics and plot go: {@code --out-dir}; else beside the snapshot (its parent
 * directory), so a resumed run continues the same table; else {@code out/RUN_ID} under the
 * working directory, the run id being {@code DDPKIT_RUN_ID} (SLURM job and step, or
 * {@code --rdzv-id}) or, when there is none, the start time.
 */
public final class RunDirectory {
    private RunDirectory() {}

    public static Path choose(CnnOptions o, Map<String, String> env, ZonedDateTime now) {
        if (o.outDir() != null) {
            return o.outDir();
        }
        if (o.snapshot() != null) {
            Path parent = o.snapshot().toAbsolutePath().normalize().getParent();
            return parent != null ? parent : Path.of(".");
        }
        return Path.of("out", runId(env, now));
    }

    static String runId(Map<String, String> env, ZonedDateTime now) {
        String id = env.get("DDPKIT_RUN_ID");
        if (id == null || id.isBlank() || id.equals("none")) {
            return "elastic-ddp-cnn-" + now.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
